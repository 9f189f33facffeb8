import {
  AccountsQuery,
  BillingPolicyBody,
  BillingPolicyView,
  IsoDate,
  RefundBody,
  StaffEntryBody,
  Uuid,
} from '@accompany/contracts';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import {
  accountDetail,
  agingReport,
  billingRoles,
  ledgerCsv,
  listAccounts,
  paymentsOfDay,
  postStaffEntry,
  requestRefund,
} from './console.service.js';
import { STATEMENTS_QUEUE } from './queues.js';
import { postChargesFromRecords } from './record-charges.service.js';
import { billingPolicy, setAllowCredit, todayUtc } from './policy.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError } from '../../platform/errors.js';

const tags = ['billing-console'];
const idParams = z.strictObject({ id: Uuid });

/** The staff billing console (roles billing and admin). */
export const billingConsoleRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/staff/billing/policy',
    summary: "The organization's billing policy",
    tags,
    access: billingRoles,
    response: BillingPolicyView,
    handler: async (_input, ctx) => policyView(await billingPolicy(ctx.scope.tx)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/staff/billing/policy',
    summary: 'Whether payments above the balance are kept as a credit',
    tags,
    access: billingRoles,
    body: BillingPolicyBody,
    response: BillingPolicyView,
    handler: async ({ body }, ctx) => {
      await setAllowCredit(ctx.scope.tx, ctx.scope.tenant.id, body.allowCredit);
      await audit(ctx.scope, {
        action: 'update',
        objectType: 'BillingPolicy',
        objectId: ctx.scope.tenant.id,
        patientId: null,
      });
      return policyView(await billingPolicy(ctx.scope.tx));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/billing/accounts',
    summary: 'Billing accounts with balances',
    tags,
    access: billingRoles,
    query: AccountsQuery,
    handler: async ({ query }, ctx) => listAccounts(ctx.scope, query.q, query.cursor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/billing/accounts/:id',
    summary: 'An account: ledger, statements, payments and plan',
    tags,
    access: billingRoles,
    params: idParams,
    handler: async ({ params }, ctx) => accountDetail(ctx.scope, ctx.platform, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/billing/accounts/:id/entries',
    summary: 'Post a charge, adjustment or write-off (with a reason)',
    tags,
    access: billingRoles,
    params: idParams,
    body: StaffEntryBody,
    status: 201,
    handler: async ({ params, body }, ctx) => postStaffEntry(ctx.scope, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/billing/payments/:id/refunds',
    summary: 'Refund all or part of a payment (with a reason)',
    tags,
    access: billingRoles,
    params: idParams,
    body: RefundBody,
    status: 202,
    handler: async ({ params, body }, ctx) =>
      requestRefund(ctx.scope, ctx.platform, params.id, body.amountCents, body.reason),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/billing/payments',
    summary: 'Payments of a day (today by default), or only the failed ones',
    tags,
    access: billingRoles,
    query: z.strictObject({ date: IsoDate.optional(), status: z.enum(['failed', 'all']).optional() }),
    handler: async ({ query }, ctx) =>
      paymentsOfDay(ctx.scope, query.date ?? todayUtc(), query.status === 'failed'),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/billing/aging',
    summary: 'Open balances by days past due',
    tags,
    access: billingRoles,
    handler: async (_i, ctx) => agingReport(ctx.scope, todayUtc()),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/billing/export',
    summary: 'Ledger entries of a period as CSV for the practice-management system',
    tags,
    access: billingRoles,
    query: z.strictObject({ from: IsoDate, to: IsoDate }),
    handler: async ({ query }, ctx) => {
      if (query.from > query.to)
        throw new AppError('validation_failed', 'from must not be after to', {
          errors: [{ path: 'from', message: 'After to' }],
        });
      const csv = await ledgerCsv(ctx.scope, query.from, query.to);
      ctx.reply.header('content-type', 'text/csv; charset=utf-8');
      ctx.reply.header('content-disposition', `attachment; filename="ledger-${query.from}-${query.to}.csv"`);
      return csv;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/billing/record-charges',
    summary:
      'Post charges, insurance payments and adjustments from imported ExplanationOfBenefit records now',
    tags,
    access: billingRoles,
    handler: async (_i, ctx) => postChargesFromRecords(ctx.scope),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/billing/statements/run',
    summary: 'Issue statements now instead of waiting for the nightly run',
    tags,
    access: billingRoles,
    status: 202,
    // Statements are issued in batches of their own transactions: the run is queued.
    handler: async (_i, ctx) => {
      await ctx.platform.jobs.enqueue(ctx.scope.tx, ctx.scope.tenant.id, STATEMENTS_QUEUE, { once: true });
      return { status: 'queued' };
    },
  }),
];

function policyView(p: Awaited<ReturnType<typeof billingPolicy>>) {
  return {
    currency: p.currency,
    statementDueDays: p.statementDueDays,
    minMonthlyCents: p.minMonthlyCents,
    allowCredit: p.allowCredit,
  };
}
