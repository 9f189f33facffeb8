import {
  AutopayBody,
  BillingSummary,
  CreatePlanBody,
  PayBody,
  Payment,
  PaymentPlan,
  PlanOptions,
  Statement,
  Uuid,
} from '@accompany/contracts';
import { z } from 'zod';
import { defineRoute, NO_CONTENT, type AnyRoute } from '../../platform/http/route.js';
import {
  billingSummary,
  idempotencyKeyOf,
  myAccount,
  myPayment,
  myStatement,
  payMyBill,
} from './billing.service.js';
import { cancelPlan, createPlan, planOptions } from './plans.service.js';
import { disableAutopay, enableAutopay } from './autopay.service.js';

const tags = ['billing'];
const patient = ['patient'] as const;
const idParams = z.strictObject({ id: Uuid });

/** The patient's own bills. Every route reaches only the signed-in patient's account. */
export const billingRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/billing/summary',
    summary: 'My balance, statements, payments, plan and autopay',
    tags,
    access: patient,
    response: BillingSummary,
    handler: async (_i, ctx) => billingSummary(ctx.scope, await myAccount(ctx.scope)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/billing/statements/:id',
    summary: 'One of my statements, line by line',
    tags,
    access: patient,
    params: idParams,
    response: Statement,
    handler: async ({ params }, ctx) => myStatement(ctx.scope, await myAccount(ctx.scope), params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/billing/payments',
    summary: 'Pay all or part of my balance with a card token (needs an Idempotency-Key header)',
    tags,
    access: patient,
    body: PayBody,
    status: 202,
    response: Payment,
    handler: async ({ body }, ctx) =>
      payMyBill(
        ctx.scope,
        ctx.platform,
        await myAccount(ctx.scope),
        body,
        idempotencyKeyOf(ctx.request.headers['idempotency-key']),
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/billing/payments/:id',
    summary: 'One of my payments (its status while the gateway confirms it)',
    tags,
    access: patient,
    params: idParams,
    response: Payment,
    handler: async ({ params }, ctx) => myPayment(ctx.scope, await myAccount(ctx.scope), params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/billing/plan-options',
    summary: 'Payment plans the organization allows for my balance',
    tags,
    access: patient,
    response: PlanOptions,
    handler: async (_i, ctx) => planOptions(ctx.scope, await myAccount(ctx.scope)),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/billing/plan',
    summary: 'Set up a payment plan for my balance',
    tags,
    access: patient,
    body: CreatePlanBody,
    status: 201,
    response: PaymentPlan,
    handler: async ({ body }, ctx) => createPlan(ctx.scope, ctx.platform, await myAccount(ctx.scope), body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/billing/plan',
    summary: 'Cancel my payment plan',
    tags,
    access: patient,
    handler: async (_i, ctx) => {
      await cancelPlan(ctx.scope, await myAccount(ctx.scope));
      return NO_CONTENT;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/billing/autopay',
    summary: 'Turn on autopay with a card',
    tags,
    access: patient,
    body: AutopayBody,
    response: z.object({ cardLast4: z.string(), since: z.string() }),
    handler: async ({ body }, ctx) =>
      enableAutopay(ctx.scope, ctx.platform, await myAccount(ctx.scope), body.cardToken),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/billing/autopay',
    summary: 'Turn off autopay',
    tags,
    access: patient,
    handler: async (_i, ctx) => {
      await disableAutopay(ctx.scope, await myAccount(ctx.scope));
      return NO_CONTENT;
    },
  }),
];
