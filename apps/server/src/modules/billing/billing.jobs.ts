import type { Db } from '../../platform/db/database.js';
import { inTenant } from '../../platform/db/database.js';
import { postChargesFromRecords } from './record-charges.service.js';
import { jobScope } from './job-scope.js';
import type { JobQueue, JobRow } from '../../platform/jobs/queue.js';
import type { Platform } from '../../platform/platform.js';
import { gatewaysOf } from '../../platform/payments/gateways.js';
import { SANDBOX_SETTLE_QUEUE } from '../../platform/payments/sandbox-gateway.js';
import {
  AUTOPAY_CHARGE_QUEUE,
  PAYMENT_RECONCILE_QUEUE,
  PAYMENT_SUBMIT_QUEUE,
  PLANS_QUEUE,
  REFUND_QUEUE,
  STATEMENTS_QUEUE,
} from './queues.js';
import { confirmFromGateway, reconcilePaymentHandler, submitPaymentHandler } from './payment-settlement.js';
import { refundHandler } from './refunds.js';
import { autopayChargeHandler } from './autopay.service.js';
import { generateStatements } from './statements.service.js';
import { runPlans } from './plans.runner.js';
import { todayUtc } from './policy.js';

/** The next 06:00 UTC: statements and plan charges run once a day, early. */
export function nextDailyRun(now = new Date()): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 6));
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/** Every job handler of the billing module, for the worker. */
export function billingJobHandlers(platform: Platform): Record<string, (job: JobRow) => Promise<void>> {
  const daily = (queue: string, work: (tenantId: string) => Promise<unknown>) => async (job: JobRow) => {
    await work(job.tenantId);
    // A run asked for by staff is a one-off; the daily one schedules its successor.
    if (!job.payload.once) {
      await inTenant(platform.db, job.tenantId, (tx) =>
        platform.jobs.enqueue(tx, job.tenantId, queue, {}, { runAt: nextDailyRun() }),
      );
    }
  };
  return {
    [PAYMENT_SUBMIT_QUEUE]: submitPaymentHandler(platform),
    [PAYMENT_RECONCILE_QUEUE]: reconcilePaymentHandler(platform),
    [REFUND_QUEUE]: refundHandler(platform),
    [AUTOPAY_CHARGE_QUEUE]: autopayChargeHandler(platform),
    [STATEMENTS_QUEUE]: daily(STATEMENTS_QUEUE, async (tenantId) => {
      // Charges from the records imported since the last run come first, so the statements include them.
      await inTenant(platform.db, tenantId, async (tx) =>
        postChargesFromRecords(await jobScope(tx, tenantId, STATEMENTS_QUEUE)),
      );
      return generateStatements(platform.db, tenantId, { platform });
    }),
    [PLANS_QUEUE]: daily(PLANS_QUEUE, (tenantId) => runPlans(platform, tenantId, todayUtc())),
    // The sandbox gateway finished an "async" charge: its event, handled like a webhook.
    [SANDBOX_SETTLE_QUEUE]: async (job) => {
      const settled = await gatewaysOf(platform).sandbox.settle(job.tenantId, String(job.payload.chargeId));
      if (settled) await confirmFromGateway(platform, job.tenantId, settled.idempotencyKey);
    },
  };
}

/** Each tenant has one pending statement run and one plan run; schedules them where missing. */
export async function scheduleBillingJobs(db: Db, jobs: JobQueue): Promise<void> {
  const tenants = await db.selectFrom('tenants').select('id').execute();
  for (const t of tenants) {
    for (const queue of [STATEMENTS_QUEUE, PLANS_QUEUE]) {
      const pending = await db
        .selectFrom('jobs')
        .select('id')
        .where('tenant_id', '=', t.id)
        .where('queue', '=', queue)
        .where('status', 'in', ['queued', 'active'])
        .executeTakeFirst();
      if (!pending)
        await inTenant(db, t.id, (tx) => jobs.enqueue(tx, t.id, queue, {}, { runAt: nextDailyRun() }));
    }
  }
}
