import {
  PayByCodeBody,
  PayByCodeGrant,
  PayLinkGrant,
  PayLinkPayBody,
  PayLinkToken,
  PayLinkVerifyBody,
  Payment,
  Uuid,
} from '@accompany/contracts';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { hit } from '../../platform/auth/rate-limit.js';
import { idempotencyKeyOf } from './billing.service.js';
import { payByLink, paymentByLink, readPayLink, unlockByCode, unlockPayLink } from './text-to-pay.service.js';

const tags = ['text-to-pay'];
const tokenParams = z.strictObject({ token: PayLinkToken });

/**
 * Text-to-pay: no sign-in. The signed link names the statement; the date of birth unlocks
 * it (with a lockout per statement); each client address is also rate-limited.
 */
export const payLinkRoutes: AnyRoute[] = [
  defineRoute({
    method: 'POST',
    url: '/api/pay/by-code',
    summary: 'Open a statement by the code printed on it and the date of birth (no link, no sign-in)',
    tags,
    access: 'public',
    body: PayByCodeBody,
    response: PayByCodeGrant,
    handler: async ({ body }, ctx) => {
      // Guessing codes costs: every attempt from an address counts, found or not.
      await hit(ctx.scope.tx, ctx.scope.tenant.id, {
        bucket: `pay-code-ip:${ctx.scope.meta.ip}`,
        max: 20,
        windowSeconds: 900,
      });
      return unlockByCode(ctx.scope, ctx.platform, body.code, body.birthDate);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/pay/:token/unlock',
    summary: 'Open a statement from a payment link by confirming the date of birth',
    tags,
    access: 'public',
    params: tokenParams,
    body: PayLinkVerifyBody,
    response: PayLinkGrant,
    handler: async ({ params, body }, ctx) => {
      // A forged or expired link is refused before anything is counted or written.
      readPayLink(ctx.platform, ctx.scope.tenant.id, params.token);
      await hit(ctx.scope.tx, ctx.scope.tenant.id, {
        bucket: `pay-link-ip:${ctx.scope.meta.ip}`,
        max: 30,
        windowSeconds: 900,
      });
      return unlockPayLink(ctx.scope, ctx.platform, params.token, body.birthDate);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/pay/:token/payments',
    summary: 'Pay the statement of a payment link (needs an Idempotency-Key header)',
    tags,
    access: 'public',
    params: tokenParams,
    body: PayLinkPayBody,
    status: 202,
    response: Payment,
    handler: async ({ params, body }, ctx) =>
      payByLink(
        ctx.scope,
        ctx.platform,
        params.token,
        body,
        idempotencyKeyOf(ctx.request.headers['idempotency-key']),
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/pay/:token/payments/:id',
    summary: 'The status of a payment made from a payment link',
    tags,
    access: 'public',
    params: z.strictObject({ token: PayLinkToken, id: Uuid }),
    query: z.strictObject({ grant: z.string().min(20).max(400) }),
    response: Payment,
    handler: async ({ params, query }, ctx) =>
      paymentByLink(ctx.scope, ctx.platform, params.token, query.grant, params.id),
  }),
];
