import {
  ConnectedApp,
  ConsentDecisionBody,
  ConsentDecisionResult,
  ConsentRequest,
  CreatedSmartClient,
  CreateSmartAppBody,
  CreateBackendClientBody,
  ClientIdString,
  GrantIdParams,
  SmartClient,
} from '@accompany/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { defineRoute, NO_CONTENT, type AnyRoute } from '../../platform/http/route.js';
import { consentRequest, decideConsent } from './consent.service.js';
import { connectedApps, disconnectApp } from './connected-apps.service.js';
import { clientsOfTenant, createClient, retireClient } from './clients.service.js';

const tags = ['smart'];
/** oidc-provider's default name for the interaction cookie. */
const INTERACTION_COOKIE = '_interaction';
const uidParams = z.strictObject({ uid: z.string().regex(/^[A-Za-z0-9_-]{10,100}$/, 'Not a request id') });

/** The origin a request was made to: the OAuth server and the FHIR base are named after it. */
export const originOf = (request: { protocol: string; host: string }) =>
  `${request.protocol}://${request.host}`;

/**
 * Only the browser that started the launch may answer it. The OAuth server gave that browser
 * a cookie holding the request id, scoped to /connect/<uid> (hence these routes live there).
 * Without this, someone could start a launch, send the consent link to a patient, and
 * collect the patient's authorization in their own browser.
 */
function sameBrowser(request: FastifyRequest, uid: string) {
  if (request.cookies[INTERACTION_COOKIE] !== uid)
    throw new AppError('forbidden', 'Open this page from the app that sent you here, on this device');
}

export const smartRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/connect/:uid/request',
    summary: 'What an app asks to see, for the patient to decide',
    tags,
    access: ['patient'],
    params: uidParams,
    response: ConsentRequest,
    handler: async ({ params }, ctx) => {
      sameBrowser(ctx.request, params.uid);
      return consentRequest(ctx.scope, params.uid);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/connect/:uid/decision',
    summary: 'Allow (with the chosen permissions) or refuse an app; answers where the browser goes next',
    tags,
    access: ['patient'],
    params: uidParams,
    body: ConsentDecisionBody,
    response: ConsentDecisionResult,
    handler: async ({ params, body }, ctx) => {
      sameBrowser(ctx.request, params.uid);
      return decideConsent(ctx.scope, params.uid, body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/connected-apps',
    summary: 'Apps that can read my record',
    tags,
    access: 'signed_in',
    response: z.object({ items: z.array(ConnectedApp) }),
    handler: async (_i, ctx) => ({ items: await connectedApps(ctx.scope) }),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/me/connected-apps/:grantId',
    summary: "End an app's access to my record, at once",
    tags,
    access: 'signed_in',
    params: GrantIdParams,
    handler: async ({ params }, ctx) => {
      await disconnectApp(ctx.scope, params.grantId);
      return NO_CONTENT;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/smart-clients',
    summary: 'Registered SMART apps and backend systems',
    tags,
    access: ['admin'],
    response: z.object({ items: z.array(SmartClient) }),
    handler: async (_i, ctx) => ({ items: await clientsOfTenant(ctx.scope.tx) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/smart-clients/apps',
    summary: 'Register a SMART app that patients connect (redirect URIs; public or confidential)',
    tags,
    access: ['admin'],
    body: CreateSmartAppBody,
    response: CreatedSmartClient,
    status: 201,
    handler: async ({ body }, ctx) =>
      createClient(ctx.scope.tx, ctx.platform.keyring, ctx.scope.tenant.id, ctx.scope.actor!.userId, {
        kind: 'app',
        ...body,
      }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/smart-clients/backends',
    summary: 'Register a backend system (SMART Backend Services: public keys, system scopes)',
    tags,
    access: ['admin'],
    body: CreateBackendClientBody,
    response: CreatedSmartClient,
    status: 201,
    handler: async ({ body }, ctx) =>
      createClient(ctx.scope.tx, ctx.platform.keyring, ctx.scope.tenant.id, ctx.scope.actor!.userId, {
        kind: 'backend',
        ...body,
      }),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/staff/smart-clients/:clientId',
    summary: 'Retire a client: its tokens stop working at once',
    tags,
    access: ['admin'],
    params: z.strictObject({ clientId: ClientIdString }),
    handler: async ({ params }, ctx) => {
      await retireClient(ctx.scope.tx, params.clientId);
      return NO_CONTENT;
    },
  }),
];
