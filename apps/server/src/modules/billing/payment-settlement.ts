import type { Platform } from '../../platform/platform.js';
import type { JobRow } from '../../platform/jobs/queue.js';
import { inTenant } from '../../platform/db/database.js';
import { audit } from '../../platform/audit/audit.js';
import { gatewayOf } from '../../platform/payments/gateways.js';
import {
  GatewayRejected,
  GatewayTimeout,
  type ChargeRequest,
  type ChargeResult,
} from '../../platform/payments/gateway.js';
import { findAccount, postEntry } from './ledger.repository.js';
import { markPayment, paymentById, type PaymentRow } from './payments.repository.js';
import { PAYMENT_RECONCILE_QUEUE } from './queues.js';
import { jobScope } from './job-scope.js';
import { sendBillingNotice } from './notices.js';
import { installmentSettled } from './plans.service.js';

/** How long after a timeout the gateway is asked what became of the charge. */
export const RECONCILE_DELAY_MS = 1500;

const chargeOf = (tenantId: string, p: PaymentRow): ChargeRequest => ({
  tenantId,
  // The payment's own id: stable across every retry of this payment, unique to it.
  idempotencyKey: p.id,
  amountCents: Number(p.amount_cents),
  currency: p.currency.trim(),
  cardToken: p.card_token,
  description: `Payment ${p.id}`,
});

async function load(platform: Platform, tenantId: string, paymentId: string) {
  return inTenant(platform.db, tenantId, (tx) => paymentById(tx, paymentId));
}

const isOpen = (p: PaymentRow | undefined): p is PaymentRow =>
  p !== undefined && ['pending', 'processing', 'unknown'].includes(p.status);

/** Job: send a pending payment to the gateway. */
export function submitPaymentHandler(platform: Platform) {
  return async (job: JobRow) => {
    const payment = await load(platform, job.tenantId, String(job.payload.paymentId));
    if (!payment || payment.status !== 'pending') return;
    await chargeAndApply(platform, job.tenantId, payment);
  };
}

/** Job: after a timeout, ask the gateway about the key; charge (same key) only if it never arrived. */
export function reconcilePaymentHandler(platform: Platform) {
  return async (job: JobRow) => {
    const payment = await load(platform, job.tenantId, String(job.payload.paymentId));
    if (!isOpen(payment)) return;
    const known = await gatewayOf(platform).findCharge(chargeOf(job.tenantId, payment));
    if (known) return applyResult(platform, job.tenantId, payment.id, known);
    await chargeAndApply(platform, job.tenantId, payment);
  };
}

async function chargeAndApply(platform: Platform, tenantId: string, payment: PaymentRow) {
  let result: ChargeResult;
  try {
    result = await gatewayOf(platform).charge(chargeOf(tenantId, payment));
  } catch (error) {
    if (error instanceof GatewayTimeout) {
      // The charge may have happened. Say so, and ask the gateway later: never guess.
      await inTenant(platform.db, tenantId, async (tx) => {
        await markPayment(tx, payment.id, { status: 'unknown' });
        await platform.jobs.enqueue(
          tx,
          tenantId,
          PAYMENT_RECONCILE_QUEUE,
          { paymentId: payment.id },
          {
            runAt: new Date(Date.now() + RECONCILE_DELAY_MS),
            maxAttempts: 20,
          },
        );
      });
      return;
    }
    if (error instanceof GatewayRejected) {
      result = { status: 'failed', ref: null, failureCode: error.code };
    } else {
      throw error;
    }
  }
  await applyResult(platform, tenantId, payment.id, result);
}

/**
 * Records what the gateway said, once. The ledger entry's source is the payment, so even a
 * confirmation that arrives twice (an event and a reconciliation) posts the money once.
 */
export async function applyResult(
  platform: Platform,
  tenantId: string,
  paymentId: string,
  result: ChargeResult,
) {
  await inTenant(platform.db, tenantId, async (tx) => {
    const scope = await jobScope(tx, tenantId, 'payment');
    const payment = await paymentById(tx, paymentId);
    if (!isOpen(payment)) return;
    const account = (await findAccount(tx, payment.account_id))!;
    if (result.status === 'processing') {
      await markPayment(tx, paymentId, { status: 'processing', gateway_ref: result.ref });
      return;
    }
    const succeeded = result.status === 'succeeded';
    const updated = await markPayment(tx, paymentId, {
      status: succeeded ? 'succeeded' : 'failed',
      gateway_ref: result.ref,
      failure_code: succeeded ? null : (result.failureCode ?? 'card_declined'),
      settled: true,
    });
    if (!updated) return;
    if (succeeded) {
      await postEntry(scope, account, {
        kind: 'patient_payment',
        amountCents: -Number(payment.amount_cents),
        description: 'Payment, thank you',
        sourceType: 'payment',
        sourceId: payment.id,
      });
    }
    await audit(scope, {
      action: 'update',
      objectType: 'Payment',
      objectId: payment.id,
      patientId: account.patientId,
    });
    if (payment.installment_id) await installmentSettled(scope, platform, payment, succeeded);
    await sendBillingNotice(scope, platform, account.patientId, {
      template: succeeded ? 'payment_receipt' : 'payment_failed',
      amountCents: Number(payment.amount_cents),
      currency: payment.currency,
      date: new Date().toISOString().slice(0, 10),
      code: payment.id.slice(0, 8).toUpperCase(),
      last4: payment.card_last4,
    });
  });
}

/** A gateway event (a webhook, the sandbox settling) for a charge made under a payment's key. */
export async function confirmFromGateway(platform: Platform, tenantId: string, paymentId: string) {
  const payment = await load(platform, tenantId, paymentId);
  if (!isOpen(payment)) return;
  const known = await gatewayOf(platform).findCharge(chargeOf(tenantId, payment));
  if (known) await applyResult(platform, tenantId, paymentId, known);
}
