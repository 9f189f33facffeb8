import type { Platform } from '../../platform/platform.js';
import type { JobRow } from '../../platform/jobs/queue.js';
import { inTenant } from '../../platform/db/database.js';
import { gatewayOf } from '../../platform/payments/gateways.js';
import { findAccount, postEntry } from './ledger.repository.js';
import { paymentById } from './payments.repository.js';
import { jobScope } from './job-scope.js';

/**
 * Job: refund at the gateway under the refund's own key (a retried job refunds once),
 * then post the refund to the ledger with that key as its source (posted once).
 */
export function refundHandler(platform: Platform) {
  return async (job: JobRow) => {
    const { paymentId, refundId, amountCents, reason, actorId } = job.payload as {
      paymentId: string;
      refundId: string;
      amountCents: number;
      reason: string;
      actorId: string | null;
    };
    const payment = await inTenant(platform.db, job.tenantId, (tx) => paymentById(tx, paymentId));
    if (!payment?.gateway_ref) return;
    await gatewayOf(platform).refund({
      tenantId: job.tenantId,
      idempotencyKey: refundId,
      chargeRef: payment.gateway_ref,
      amountCents,
    });
    await inTenant(platform.db, job.tenantId, async (tx) => {
      const scope = await jobScope(tx, job.tenantId, 'refund');
      const account = (await findAccount(tx, payment.account_id))!;
      await postEntry(
        { ...scope, actor: actorId ? { userId: actorId, role: 'billing', patientId: null } : null },
        account,
        {
          kind: 'refund',
          amountCents,
          description: 'Refund to your card',
          reason,
          sourceType: 'refund',
          sourceId: `${paymentId}:${refundId}`,
        },
      );
    });
  };
}
