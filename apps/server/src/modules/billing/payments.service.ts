import { createHash } from 'node:crypto';
import type { Payment } from '@accompany/contracts';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { audit } from '../../platform/audit/audit.js';
import { gatewayOf } from '../../platform/payments/gateways.js';
import { lockAccount, type Account } from './ledger.repository.js';
import { availableCents, claimPayment, paymentByKey, toPayment } from './payments.repository.js';
import { PAYMENT_SUBMIT_QUEUE } from './queues.js';
import { paymentRefusal } from './ledger.js';
import { billingPolicy } from './policy.js';

export interface PaymentRequest {
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  cardToken: string;
  channel: 'app' | 'text_to_pay' | 'plan' | 'autopay' | 'staff';
  statementId?: string | null;
  installmentId?: string | null;
  cardLast4?: string | null;
}

/**
 * Accepts a payment request: claims its idempotency key, checks the amount against what
 * is owed, and queues the charge. The charge itself runs in a job, outside any request
 * transaction, because a gateway call can hang and a held transaction would hold the
 * account. Replaying a key returns the first request's payment, whatever happened since.
 */
export async function requestPayment(
  scope: Scope,
  platform: Platform,
  account: Account,
  req: PaymentRequest,
): Promise<{ payment: Payment; replayed: boolean }> {
  if (paymentRefusal(req.amountCents, Number.MAX_SAFE_INTEGER, true) === 'not_positive') {
    throw new AppError('validation_failed', 'The amount must be a positive whole number of cents', {
      errors: [{ path: 'amountCents', message: 'Send a positive whole number of cents' }],
    });
  }
  if (req.currency !== account.currency) {
    throw new AppError('validation_failed', `This account is billed in ${account.currency}`, {
      errors: [{ path: 'currency', message: `Use ${account.currency}` }],
    });
  }
  // Keys live in one table for the tenant: scoping them by account means one patient's
  // key can never collide with, or reveal, another's.
  const key = `${account.id}:${req.idempotencyKey}`;
  const hash = createHash('sha256')
    .update(
      JSON.stringify([
        req.amountCents,
        req.currency,
        req.cardToken,
        req.statementId ?? null,
        req.installmentId ?? null,
      ]),
    )
    .digest('base64url');
  const claimed = await claimPayment(scope.tx, {
    tenant_id: scope.tenant.id,
    account_id: account.id,
    idempotency_key: key,
    request_hash: hash,
    amount_cents: req.amountCents,
    currency: req.currency,
    channel: req.channel,
    gateway: gatewayOf(platform).name,
    card_token: req.cardToken,
    card_last4: req.cardLast4 ?? null,
    statement_id: req.statementId ?? null,
    installment_id: req.installmentId ?? null,
    created_by: scope.actor?.userId ?? null,
  });
  if (!claimed) {
    const first = await paymentByKey(scope.tx, key);
    if (!first) throw new AppError('conflict', 'The payment is being processed; try again in a moment');
    if (first.request_hash !== hash) {
      throw new AppError('conflict', 'This idempotency key was already used for a different payment');
    }
    await audit(scope, {
      action: 'read',
      objectType: 'Payment',
      objectId: first.id,
      patientId: account.patientId,
    });
    return { payment: toPayment(first), replayed: true };
  }
  await lockAccount(scope.tx, account.id);
  // This request's own row is in flight already: add it back.
  const available = (await availableCents(scope.tx, account.id)) + req.amountCents;
  const { allowCredit } = await billingPolicy(scope.tx);
  if (paymentRefusal(req.amountCents, available, allowCredit) === 'over_balance') {
    // Thrown before commit: the claimed key is rolled back with everything else.
    throw new AppError('validation_failed', 'The amount is more than what is owed', {
      errors: [{ path: 'amountCents', message: `At most ${Math.max(0, available)} cents can be paid now` }],
    });
  }
  await platform.jobs.enqueue(
    scope.tx,
    scope.tenant.id,
    PAYMENT_SUBMIT_QUEUE,
    { paymentId: claimed.id },
    { maxAttempts: 10 },
  );
  await audit(scope, {
    action: 'create',
    objectType: 'Payment',
    objectId: claimed.id,
    patientId: account.patientId,
  });
  return { payment: toPayment(claimed), replayed: false };
}
