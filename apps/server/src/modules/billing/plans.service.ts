import type { PaymentPlan, PlanOptions } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { audit } from '../../platform/audit/audit.js';
import type { Account } from './ledger.repository.js';
import { availableCents, type PaymentRow } from './payments.repository.js';
import { afterFailure, addDays, planChoices, planRefusal, planSchedule } from './plan-schedule.js';
import { billingPolicy, todayUtc } from './policy.js';
import { saveCard } from './cards.js';

export async function planOptions(scope: Scope, account: Account): Promise<PlanOptions> {
  const policy = await billingPolicy(scope.tx);
  const balance = await availableCents(scope.tx, account.id);
  const choices = planChoices(balance, policy);
  await audit(scope, {
    action: 'read',
    objectType: 'BillingAccount',
    objectId: account.id,
    patientId: account.patientId,
  });
  return {
    balanceCents: balance,
    currency: account.currency,
    minMonthlyCents: policy.minMonthlyCents,
    maxMonths: choices.at(-1)?.months ?? 0,
    choices,
  };
}

export async function currentPlan(scope: Scope, account: Account): Promise<PaymentPlan | null> {
  const plan = await scope.tx
    .selectFrom('payment_plans')
    .leftJoin('payment_methods', 'payment_methods.id', 'payment_plans.payment_method_id')
    .select([
      'payment_plans.id',
      'payment_plans.total_cents',
      'payment_plans.currency',
      'payment_plans.months',
      'payment_plans.status',
      'payment_methods.last4',
    ])
    .where('payment_plans.account_id', '=', account.id)
    .orderBy('payment_plans.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!plan) return null;
  const installments = await scope.tx
    .selectFrom('plan_installments')
    .select(['seq', 'due_date', 'amount_cents', 'status'])
    .where('plan_id', '=', plan.id)
    .orderBy('seq')
    .execute();
  return {
    id: plan.id,
    totalCents: Number(plan.total_cents),
    currency: plan.currency.trim(),
    months: plan.months,
    status: plan.status as PaymentPlan['status'],
    cardLast4: plan.last4,
    installments: installments.map((i) => ({
      seq: i.seq,
      dueDate: i.due_date,
      amountCents: Number(i.amount_cents),
      status: i.status,
    })),
  };
}

/**
 * A plan for the whole open balance, within policy. The database allows one active plan
 * per account (a partial unique index), so two taps on "Set up" make one plan.
 */
export async function createPlan(
  scope: Scope,
  platform: Platform,
  account: Account,
  input: { months: number; cardToken: string; firstDueDate: string },
  today = todayUtc(),
): Promise<PaymentPlan> {
  if (input.firstDueDate < today || input.firstDueDate > addDays(today, 31)) {
    throw new AppError('validation_failed', 'The first payment must be within the next 31 days', {
      errors: [{ path: 'firstDueDate', message: 'Choose a date within the next 31 days' }],
    });
  }
  const policy = await billingPolicy(scope.tx);
  const balance = await availableCents(scope.tx, account.id);
  const refusal = planRefusal(balance, input.months, policy);
  if (refusal)
    throw new AppError('validation_failed', refusal, { errors: [{ path: 'months', message: refusal }] });
  const card = await saveCard(scope, platform, account, input.cardToken);
  const plan = await scope.tx
    .insertInto('payment_plans')
    .values({
      tenant_id: scope.tenant.id,
      account_id: account.id,
      payment_method_id: card.id,
      total_cents: balance,
      currency: account.currency,
      months: input.months,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'account_id']).where('status', '=', 'active').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!plan) throw new AppError('conflict', 'There is already an active payment plan on this account');
  await scope.tx
    .insertInto('plan_installments')
    .values(
      planSchedule(balance, input.months, input.firstDueDate).map((i) => ({
        tenant_id: scope.tenant.id,
        plan_id: plan.id,
        seq: i.seq,
        due_date: i.dueDate,
        amount_cents: i.amountCents,
      })),
    )
    .execute();
  await audit(scope, {
    action: 'create',
    objectType: 'PaymentPlan',
    objectId: plan.id,
    patientId: account.patientId,
  });
  return (await currentPlan(scope, account))!;
}

export async function cancelPlan(scope: Scope, account: Account): Promise<void> {
  const plan = await scope.tx
    .updateTable('payment_plans')
    .set({ status: 'cancelled', ended_at: sql`now()` })
    .where('account_id', '=', account.id)
    .where('status', '=', 'active')
    .returning('id')
    .executeTakeFirst();
  if (!plan) throw new AppError('not_found', 'There is no active payment plan');
  await scope.tx
    .updateTable('plan_installments')
    .set({ status: 'cancelled' })
    .where('plan_id', '=', plan.id)
    .where('status', 'in', ['scheduled', 'noticed', 'failed'])
    .execute();
  await audit(scope, {
    action: 'update',
    objectType: 'PaymentPlan',
    objectId: plan.id,
    patientId: account.patientId,
  });
}

/** Called when an installment's payment settles: paid, or one step down the dunning path. */
export async function installmentSettled(
  scope: Scope,
  platform: Platform,
  payment: PaymentRow,
  succeeded: boolean,
) {
  const inst = await scope.tx
    .selectFrom('plan_installments')
    .innerJoin('payment_plans', 'payment_plans.id', 'plan_installments.plan_id')
    .select([
      'plan_installments.id',
      'plan_installments.plan_id',
      'plan_installments.attempts',
      'payment_plans.account_id',
    ])
    .where('plan_installments.id', '=', payment.installment_id!)
    .executeTakeFirst();
  if (!inst) return;
  const today = todayUtc();
  if (succeeded) {
    await scope.tx
      .updateTable('plan_installments')
      .set({ status: 'paid', payment_id: payment.id, next_attempt_on: null })
      .where('id', '=', inst.id)
      .execute();
    const left = await scope.tx
      .selectFrom('plan_installments')
      .select('id')
      .where('plan_id', '=', inst.plan_id)
      .where('status', 'in', ['scheduled', 'noticed', 'failed'])
      .executeTakeFirst();
    if (!left) {
      await scope.tx
        .updateTable('payment_plans')
        .set({ status: 'completed', ended_at: sql`now()` })
        .where('id', '=', inst.plan_id)
        .where('status', '=', 'active')
        .execute();
    }
    return;
  }
  const step = afterFailure(today, inst.attempts);
  if (step === 'default') {
    await scope.tx
      .updateTable('plan_installments')
      .set({ status: 'failed', next_attempt_on: null })
      .where('id', '=', inst.id)
      .execute();
    await scope.tx
      .updateTable('payment_plans')
      .set({ status: 'defaulted', ended_at: sql`now()` })
      .where('id', '=', inst.plan_id)
      .where('status', '=', 'active')
      .execute();
  } else {
    await scope.tx
      .updateTable('plan_installments')
      .set({ status: 'failed', next_attempt_on: step.retryOn })
      .where('id', '=', inst.id)
      .execute();
  }
  void platform;
}
