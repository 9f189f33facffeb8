import { randomBytes } from 'node:crypto';
import type { Db, Tx } from '../db/database.js';
import { inTenant } from '../db/database.js';
import type { JobQueue } from '../jobs/queue.js';
import {
  GatewayRejected,
  GatewayTimeout,
  type CardDetails,
  type ChargeRequest,
  type ChargeResult,
  type PaymentGateway,
  type RefundRequest,
} from './gateway.js';
import { brandOf, luhnValid, sandboxCards, type SandboxBehaviour } from './sandbox-cards.js';

export const SANDBOX_SETTLE_QUEUE = 'sandbox-gateway.settle';

const failureOf: Partial<Record<SandboxBehaviour, string>> = {
  declined: 'card_declined',
  insufficient_funds: 'insufficient_funds',
  expired_card: 'expired_card',
  processing_error: 'processing_error',
};

export interface TokenizeInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/**
 * The built-in sandbox gateway. It keeps its own books in its own tables, as a real
 * gateway does on its side, and answers like one: a repeated idempotency key replays the
 * first answer, test cards decline, and the timeout card charges yet loses the answer.
 * It runs each call in its own transaction, never inside the caller's.
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox' as const;

  constructor(
    private readonly db: Db,
    private readonly jobs: JobQueue,
    /** How long an "async" card stays processing before the gateway confirms it. */
    private readonly settleAfterMs = 1000,
  ) {}

  /** The tokenization endpoint's work: the number is checked and forgotten; only a token leaves. */
  async tokenize(tenantId: string, input: TokenizeInput): Promise<{ token: string } & CardDetails> {
    const number = input.number.replace(/[\s-]/g, '');
    if (!luhnValid(number)) throw new GatewayRejected('The card number is not valid', 'invalid_number');
    const token = `tok_${randomBytes(12).toString('hex')}`;
    const card = {
      brand: brandOf(number),
      last4: number.slice(-4),
      expMonth: input.expMonth,
      expYear: input.expYear,
    };
    await inTenant(this.db, tenantId, (tx) =>
      tx
        .insertInto('sandbox_gateway_tokens')
        .values({
          token,
          tenant_id: tenantId,
          behaviour: sandboxCards[number] ?? 'success',
          brand: card.brand,
          last4: card.last4,
          exp_month: card.expMonth,
          exp_year: card.expYear,
        })
        .execute(),
    );
    return { token, ...card };
  }

  async keepCard(_tenantId: string, token: string): Promise<string> {
    return token;
  }

  async describeCard(tenantId: string, token: string, tx?: Tx): Promise<CardDetails | null> {
    const read = (t: Tx) =>
      t.selectFrom('sandbox_gateway_tokens').selectAll().where('token', '=', token).executeTakeFirst();
    const row = await (tx ? read(tx) : inTenant(this.db, tenantId, read));
    return row
      ? { brand: row.brand, last4: row.last4, expMonth: row.exp_month, expYear: row.exp_year }
      : null;
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const outcome = await inTenant(this.db, request.tenantId, async (tx) => {
      const card = await tx
        .selectFrom('sandbox_gateway_tokens')
        .selectAll()
        .where('token', '=', request.cardToken)
        .executeTakeFirst();
      if (!card) throw new GatewayRejected('No such card token', 'invalid_token');
      const behaviour = card.behaviour as SandboxBehaviour;
      const status = failureOf[behaviour] ? 'failed' : behaviour === 'async' ? 'processing' : 'succeeded';
      const id = `ch_${randomBytes(12).toString('hex')}`;
      const inserted = await tx
        .insertInto('sandbox_gateway_charges')
        .values({
          id,
          tenant_id: request.tenantId,
          idempotency_key: request.idempotencyKey,
          token: request.cardToken,
          amount_cents: request.amountCents,
          currency: request.currency,
          status,
          failure_code: failureOf[behaviour] ?? null,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      const row = await tx
        .selectFrom('sandbox_gateway_charges')
        .selectAll()
        .where('idempotency_key', '=', request.idempotencyKey)
        .executeTakeFirstOrThrow();
      if (Number(row.amount_cents) !== request.amountCents || row.token !== request.cardToken) {
        throw new GatewayRejected(
          'This idempotency key was used with other parameters',
          'idempotency_mismatch',
        );
      }
      if (inserted && status === 'processing') {
        await this.jobs.enqueue(
          tx,
          request.tenantId,
          SANDBOX_SETTLE_QUEUE,
          { chargeId: id },
          {
            runAt: new Date(Date.now() + this.settleAfterMs),
          },
        );
      }
      return { fresh: Boolean(inserted), behaviour, result: resultOf(row) };
    });
    // The first answer for the timeout card is lost on the way back; a replay answers.
    if (outcome.fresh && outcome.behaviour === 'timeout') throw new GatewayTimeout();
    return outcome.result;
  }

  async findCharge(request: ChargeRequest): Promise<ChargeResult | null> {
    const row = await inTenant(this.db, request.tenantId, (tx) =>
      tx
        .selectFrom('sandbox_gateway_charges')
        .selectAll()
        .where('idempotency_key', '=', request.idempotencyKey)
        .executeTakeFirst(),
    );
    return row ? resultOf(row) : null;
  }

  /** The gateway finishes an "async" charge and would send its event: the caller handles that. */
  async settle(tenantId: string, chargeId: string): Promise<{ idempotencyKey: string } | null> {
    return inTenant(this.db, tenantId, async (tx) => {
      const row = await tx
        .updateTable('sandbox_gateway_charges')
        .set({ status: 'succeeded' })
        .where('id', '=', chargeId)
        .where('status', '=', 'processing')
        .returning('idempotency_key')
        .executeTakeFirst();
      return row ? { idempotencyKey: row.idempotency_key } : null;
    });
  }

  async refund(request: RefundRequest): Promise<{ ref: string }> {
    return inTenant(this.db, request.tenantId, async (tx) => {
      const charge = await tx
        .selectFrom('sandbox_gateway_charges')
        .selectAll()
        .where('id', '=', request.chargeRef)
        .forUpdate()
        .executeTakeFirst();
      if (!charge || charge.status === 'failed')
        throw new GatewayRejected('No such successful charge', 'invalid_charge');
      if (Number(charge.refunded_cents) + request.amountCents > Number(charge.amount_cents)) {
        throw new GatewayRejected('The refund is larger than what is left of the charge', 'amount_too_large');
      }
      // The refund is kept under its own key: a retried refund answers with the first one.
      const ref = `re_${randomBytes(10).toString('hex')}`;
      const recorded = await tx
        .insertInto('sandbox_gateway_charges')
        .values({
          id: ref,
          tenant_id: request.tenantId,
          idempotency_key: `refund:${request.idempotencyKey}`,
          token: charge.id,
          amount_cents: request.amountCents,
          currency: charge.currency,
          status: 'refunded',
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!recorded) {
        const first = await tx
          .selectFrom('sandbox_gateway_charges')
          .select('id')
          .where('idempotency_key', '=', `refund:${request.idempotencyKey}`)
          .executeTakeFirstOrThrow();
        return { ref: first.id };
      }
      await tx
        .updateTable('sandbox_gateway_charges')
        .set({ refunded_cents: Number(charge.refunded_cents) + request.amountCents })
        .where('id', '=', charge.id)
        .execute();
      return { ref };
    });
  }
}

function resultOf(row: { id: string; status: string; failure_code: string | null }): ChargeResult {
  return {
    status: row.status === 'refunded' ? 'succeeded' : (row.status as ChargeResult['status']),
    ref: row.id,
    failureCode: row.failure_code,
  };
}
