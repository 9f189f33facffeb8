import {
  AccessLogEntry,
  ChangePasswordBody,
  Notification,
  Passkey,
  PasskeyRegisterVerifyBody,
  Profile,
  TotpDisableBody,
  TotpEnableBody,
  TotpEnableResult,
  TotpSetup,
  Uuid,
  UpdateProfileBody,
} from '@accompany/contracts';
import { z } from 'zod';
import { defineRoute, NO_CONTENT, type AnyRoute } from '../../platform/http/route.js';
import { changePassword } from './password.service.js';
import { disableTotp, enableTotp, startTotpSetup } from './totp.service.js';
import { deletePasskey, listPasskeys, registerPasskey, registrationOptions } from './passkeys.service.js';
import { getProfile, listNotifications, markNotificationRead, updateProfile } from './profile.service.js';
import { accessLogForPatient } from '../audit-log/audit-log.service.js';
import { AppError } from '../../platform/errors.js';

const tags = ['me'];
const idParams = z.strictObject({ id: Uuid });

export const meRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/me/profile',
    summary: 'My profile',
    tags,
    access: 'signed_in',
    response: Profile,
    handler: async (_i, ctx) => getProfile(ctx.scope, ctx.session!.user.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/me/profile',
    summary: 'Change my name, phone or language',
    tags,
    access: 'signed_in',
    body: UpdateProfileBody,
    response: Profile,
    handler: async ({ body }, ctx) => updateProfile(ctx.scope, ctx.session!.user.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/password',
    summary: 'Change my password; my other sessions end',
    tags,
    access: 'signed_in',
    body: ChangePasswordBody,
    handler: async ({ body }, ctx) => {
      await changePassword(
        ctx.scope,
        ctx.platform,
        ctx.session!.user.id,
        ctx.session!.id,
        body.currentPassword,
        body.newPassword,
      );
      return NO_CONTENT;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/totp/setup',
    summary: 'Start two-factor set-up: a new secret for an authenticator app',
    tags,
    access: 'signed_in',
    response: TotpSetup,
    handler: async (_i, ctx) => startTotpSetup(ctx.scope, ctx.platform, ctx.session!.user.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/totp/enable',
    summary: 'Confirm two-factor set-up with a code; returns one-time recovery codes',
    tags,
    access: 'signed_in',
    body: TotpEnableBody,
    response: TotpEnableResult,
    handler: async ({ body }, ctx) => enableTotp(ctx.scope, ctx.platform, ctx.session!.user.id, body.code),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/totp/disable',
    summary: 'Turn two-factor sign-in off (patients only)',
    tags,
    access: 'signed_in',
    body: TotpDisableBody,
    handler: async ({ body }, ctx) => {
      await disableTotp(ctx.scope, ctx.platform, ctx.session!.user.id, body.code);
      return NO_CONTENT;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/passkeys',
    summary: 'My passkeys',
    tags,
    access: 'signed_in',
    response: z.object({ items: z.array(Passkey) }),
    handler: async (_i, ctx) => ({ items: await listPasskeys(ctx.scope, ctx.session!.user.id) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/passkeys/options',
    summary: 'WebAuthn options to create a passkey',
    tags,
    access: 'signed_in',
    response: z.record(z.string(), z.unknown()),
    handler: async (_i, ctx) => registrationOptions(ctx.scope, ctx.platform, ctx.session!.user.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/passkeys',
    summary: 'Save a new passkey',
    tags,
    access: 'signed_in',
    body: PasskeyRegisterVerifyBody,
    status: 201,
    response: Passkey,
    handler: async ({ body }, ctx) =>
      registerPasskey(ctx.scope, ctx.platform, ctx.session!.user.id, body.response, body.name),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/me/passkeys/:id',
    summary: 'Remove a passkey',
    tags,
    access: 'signed_in',
    params: idParams,
    handler: async ({ params }, ctx) => {
      await deletePasskey(ctx.scope, ctx.session!.user.id, params.id);
      return NO_CONTENT;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/notifications',
    summary: 'My in-app notifications, newest first',
    tags,
    access: 'signed_in',
    response: z.object({ items: z.array(Notification), unread: z.number().int() }),
    handler: async (_i, ctx) => listNotifications(ctx.scope, ctx.session!.user.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/me/notifications/:id/read',
    summary: 'Mark a notification read',
    tags,
    access: 'signed_in',
    params: idParams,
    handler: async ({ params }, ctx) => {
      await markNotificationRead(ctx.scope, ctx.session!.user.id, params.id);
      return NO_CONTENT;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/me/access-log',
    summary: 'Who looked at my record',
    tags,
    access: ['patient'],
    query: z.strictObject({ cursor: z.string().max(200).optional() }),
    response: z.object({ items: z.array(AccessLogEntry), nextCursor: z.string().nullable() }),
    handler: async ({ query }, ctx) => {
      const patientId = ctx.session!.user.patientId;
      if (!patientId) throw new AppError('forbidden', 'Only patients have an access log');
      return accessLogForPatient(ctx.scope, patientId, query.cursor);
    },
  }),
];
