import type { Platform } from '../../platform/platform.js';
import { inTenant } from '../../platform/db/database.js';
import { findAccount, lockAccount } from './ledger.repository.js';
import { availableCents } from './payments.repository.js';
import { requestPayment } from './payments.service.js';
import { noticeDate } from './plan-schedule.js';
import { jobScope } from './job-scope.js';
import { sendBillingNotice } from './notices.js';

/**
 * One daily pass over a tenant's active plans (`today` is passed in, so tests freeze it):
 * announce the charges due in NOTICE_DAYS, charge the announced ones that are due, and
 * retry failed ones on their retry day. Each installment is charged under a key made of
 * its id and attempt number: a pass that runs twice charges nothing twice.
 */
export async function runPlans(platform: Platform, tenantId: string, today: string) {
  const counts = { noticed: 0, charged: 0, closed: 0 };
  await inTenant(platform.db, tenantId, async (tx) => {
    const scope = await jobScope(tx, tenantId, 'plans');
    const due = await tx
      .selectFrom('plan_installments as i')
      .innerJoin('payment_plans as p', 'p.id', 'i.plan_id')
      .innerJoin('payment_methods as m', 'm.id', 'p.payment_method_id')
      .select([
        'i.id',
        'i.status',
        'i.due_date',
        'i.amount_cents',
        'i.attempts',
        'i.next_attempt_on',
        'p.id as plan_id',
        'p.account_id',
        'p.currency',
        'm.gateway_token',
        'm.last4',
      ])
      .where('p.status', '=', 'active')
      .where('i.status', 'in', ['scheduled', 'noticed', 'failed'])
      .orderBy('i.due_date')
      .execute();
    for (const inst of due) {
      const account = (await findAccount(tx, inst.account_id))!;
      if (inst.status === 'scheduled') {
        if (noticeDate(inst.due_date) > today) continue;
        await tx
          .updateTable('plan_installments')
          .set({ status: 'noticed' })
          .where('id', '=', inst.id)
          .execute();
        await sendBillingNotice(scope, platform, account.patientId, {
          template: 'plan_installment_notice',
          amountCents: Number(inst.amount_cents),
          currency: inst.currency,
          date: inst.due_date,
          last4: inst.last4,
        });
        counts.noticed++;
        continue;
      }
      const chargeOn = inst.status === 'failed' ? inst.next_attempt_on : inst.due_date;
      if (!chargeOn || chargeOn > today) continue;
      const open = await tx
        .selectFrom('payments')
        .select('id')
        .where('installment_id', '=', inst.id)
        .where('status', 'in', ['pending', 'processing', 'unknown'])
        .executeTakeFirst();
      if (open) continue;
      // Insurance may have paid since the plan began: never charge more than is owed.
      await lockAccount(tx, account.id);
      const available = await availableCents(tx, account.id);
      const amount = Math.min(Number(inst.amount_cents), available);
      if (amount <= 0) {
        await tx
          .updateTable('plan_installments')
          .set({ status: 'cancelled' })
          .where('id', '=', inst.id)
          .execute();
        await tx
          .updateTable('payment_plans')
          .set({ status: 'completed', ended_at: new Date() })
          .where('id', '=', inst.plan_id)
          .execute();
        counts.closed++;
        continue;
      }
      const attempt = inst.attempts + 1;
      await tx
        .updateTable('plan_installments')
        .set({ attempts: attempt })
        .where('id', '=', inst.id)
        .execute();
      await requestPayment(scope, platform, account, {
        idempotencyKey: `plan:${inst.id}:${attempt}`,
        amountCents: amount,
        currency: account.currency,
        cardToken: inst.gateway_token,
        cardLast4: inst.last4,
        channel: 'plan',
        installmentId: inst.id,
      });
      counts.charged++;
    }
  });
  return counts;
}
