import type { BillingSummary, Payment, PayBody } from '@accompany/contracts';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { audit } from '../../platform/audit/audit.js';
import { gatewayOf } from '../../platform/payments/gateways.js';
import { balanceCents, ensureAccount, type Account } from './ledger.repository.js';
import { paymentById, paymentsOfAccount, toPayment } from './payments.repository.js';
import { requestPayment } from './payments.service.js';
import { listStatements, readStatement } from './statements.service.js';
import { currentPlan } from './plans.service.js';
import { autopayOf } from './autopay.service.js';
import { saveCard } from './cards.js';

/** The signed-in patient's own account; staff and other roles have none here. */
export async function myAccount(scope: Scope): Promise<Account> {
  const patientId = scope.actor?.role === 'patient' ? scope.actor.patientId : null;
  if (!patientId) throw new AppError('forbidden', 'Bills are shown to patients');
  return ensureAccount(scope.tx, scope.tenant.id, patientId);
}

export async function billingSummary(scope: Scope, account: Account): Promise<BillingSummary> {
  const [balance, statements, payments, plan, autopay] = await Promise.all([
    balanceCents(scope.tx, account.id),
    listStatements(scope, account),
    paymentsOfAccount(scope.tx, account.id),
    currentPlan(scope, account),
    autopayOf(scope, account),
  ]);
  await audit(scope, {
    action: 'read',
    objectType: 'BillingAccount',
    objectId: account.id,
    patientId: account.patientId,
  });
  return {
    accountId: account.id,
    balanceCents: balance,
    currency: account.currency,
    statements: statements.map((s) => ({
      id: s.id,
      code: s.code,
      issuedAt: s.issuedAt,
      dueDate: s.dueDate,
      balanceCents: s.balanceCents,
      amountDueCents: s.amountDueCents,
      state: s.state,
    })),
    payments: payments.map(toPayment),
    plan,
    autopay: autopay ? { cardLast4: autopay.last4, since: new Date(autopay.enabled_at).toISOString() } : null,
  };
}

export const myStatement = (scope: Scope, account: Account, id: string) => readStatement(scope, account, id);

export async function payMyBill(
  scope: Scope,
  platform: Platform,
  account: Account,
  body: PayBody,
  idempotencyKey: string,
): Promise<Payment> {
  if (body.statementId) await readStatement(scope, account, body.statementId);
  const card = await gatewayOf(platform).describeCard(scope.tenant.id, body.cardToken, scope.tx);
  if (!card) {
    throw new AppError('validation_failed', 'The card could not be read; enter it again', {
      errors: [{ path: 'cardToken', message: 'Unknown card token' }],
    });
  }
  // A card kept for later is charged as kept: on Stripe, a PaymentMethod attached to a
  // Customer can only be charged with that Customer named.
  const cardToken = body.saveCard
    ? (await saveCard(scope, platform, account, body.cardToken)).token
    : body.cardToken;
  const { payment } = await requestPayment(scope, platform, account, {
    idempotencyKey,
    amountCents: body.amountCents,
    currency: body.currency,
    cardToken,
    cardLast4: card.last4,
    channel: 'app',
    statementId: body.statementId ?? null,
  });
  return payment;
}

export async function myPayment(scope: Scope, account: Account, paymentId: string): Promise<Payment> {
  const row = await paymentById(scope.tx, paymentId);
  if (!row || row.account_id !== account.id) {
    await audit(scope, {
      action: 'read',
      objectType: 'Payment',
      objectId: paymentId,
      patientId: account.patientId,
      outcome: 'denied',
    });
    throw new AppError('not_found', 'No payment with that id', { keepWrites: true });
  }
  await audit(scope, {
    action: 'read',
    objectType: 'Payment',
    objectId: row.id,
    patientId: account.patientId,
  });
  return toPayment(row);
}

/** The Idempotency-Key header every payment request must carry. */
export function idempotencyKeyOf(header: unknown): string {
  if (typeof header !== 'string' || !/^[A-Za-z0-9_:.-]{8,200}$/.test(header)) {
    throw new AppError(
      'validation_failed',
      'Send an Idempotency-Key header (8 to 200 letters, digits, _ : . -)',
      {
        errors: [{ path: 'Idempotency-Key', message: 'Missing or not valid' }],
      },
    );
  }
  return header;
}
