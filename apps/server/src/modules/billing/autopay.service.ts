import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import type { JobRow } from '../../platform/jobs/queue.js';
import { inTenant } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { audit } from '../../platform/audit/audit.js';
import { balanceCents, findAccount, lockAccount, type Account } from './ledger.repository.js';
import { availableCents } from './payments.repository.js';
import { requestPayment } from './payments.service.js';
import { saveCard } from './cards.js';
import { sendBillingNotice } from './notices.js';
import { AUTOPAY_CHARGE_QUEUE } from './queues.js';
import { jobScope } from './job-scope.js';
import { amountDue } from './statement-lines.js';
import { addDays } from './plan-schedule.js';
import { todayUtc } from './policy.js';

/** Days between the autopay notice and the charge: time to turn it off. */
export const AUTOPAY_NOTICE_DAYS = 3;

export async function autopayOf(scope: Scope, account: Account) {
  return scope.tx
    .selectFrom('autopay_enrolments')
    .innerJoin('payment_methods', 'payment_methods.id', 'autopay_enrolments.payment_method_id')
    .select([
      'autopay_enrolments.id',
      'autopay_enrolments.enabled_at',
      'payment_methods.last4',
      'payment_methods.gateway_token',
    ])
    .where('autopay_enrolments.account_id', '=', account.id)
    .where('autopay_enrolments.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function enableAutopay(scope: Scope, platform: Platform, account: Account, cardToken: string) {
  const card = await saveCard(scope, platform, account, cardToken);
  await scope.tx
    .updateTable('autopay_enrolments')
    .set({ disabled_at: new Date() })
    .where('account_id', '=', account.id)
    .where('disabled_at', 'is', null)
    .execute();
  const row = await scope.tx
    .insertInto('autopay_enrolments')
    .values({
      tenant_id: scope.tenant.id,
      account_id: account.id,
      payment_method_id: card.id,
      enabled_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(scope, {
    action: 'create',
    objectType: 'Autopay',
    objectId: row.id,
    patientId: account.patientId,
  });
  return { cardLast4: card.last4, since: new Date().toISOString() };
}

export async function disableAutopay(scope: Scope, account: Account) {
  const row = await scope.tx
    .updateTable('autopay_enrolments')
    .set({ disabled_at: new Date() })
    .where('account_id', '=', account.id)
    .where('disabled_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'Autopay is not on');
  await audit(scope, {
    action: 'update',
    objectType: 'Autopay',
    objectId: row.id,
    patientId: account.patientId,
  });
}

/** On a new statement: tell the patient the charge is coming, and schedule it after the notice period. */
export async function announceAutopay(
  scope: Scope,
  platform: Platform,
  statement: { id: string; account_id: string; code: string; balance_cents: number; currency: string },
  now: Date,
) {
  const account = (await findAccount(scope.tx, statement.account_id))!;
  const enrolment = await autopayOf(scope, account);
  if (!enrolment) return;
  const chargeOn = addDays(todayUtc(now), AUTOPAY_NOTICE_DAYS);
  await sendBillingNotice(scope, platform, account.patientId, {
    template: 'autopay_notice',
    amountCents: Number(statement.balance_cents),
    currency: statement.currency,
    date: chargeOn,
    code: statement.code,
    last4: enrolment.last4,
  });
  await platform.jobs.enqueue(
    scope.tx,
    scope.tenant.id,
    AUTOPAY_CHARGE_QUEUE,
    { statementId: statement.id },
    {
      runAt: new Date(now.getTime() + AUTOPAY_NOTICE_DAYS * 86_400_000),
    },
  );
}

/** Job: pay the statement with the saved card, unless autopay was turned off or it is paid. */
export function autopayChargeHandler(platform: Platform) {
  return async (job: JobRow) => {
    await inTenant(platform.db, job.tenantId, async (tx) => {
      const scope = await jobScope(tx, job.tenantId, 'autopay');
      const statement = await tx
        .selectFrom('statements')
        .select(['id', 'account_id', 'balance_cents'])
        .where('id', '=', String(job.payload.statementId))
        .executeTakeFirst();
      if (!statement) return;
      const account = (await findAccount(tx, statement.account_id))!;
      const enrolment = await autopayOf(scope, account);
      if (!enrolment) return;
      await lockAccount(tx, account.id);
      const owed = await balanceCents(tx, account.id);
      const amount = Math.min(
        amountDue(Number(statement.balance_cents), owed),
        await availableCents(tx, account.id),
      );
      if (amount <= 0) return;
      await requestPayment(scope, platform, account, {
        idempotencyKey: `autopay:${statement.id}`,
        amountCents: amount,
        currency: account.currency,
        cardToken: enrolment.gateway_token,
        cardLast4: enrolment.last4,
        channel: 'autopay',
        statementId: statement.id,
      });
    });
  };
}
