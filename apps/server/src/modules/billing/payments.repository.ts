import type { Payment } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.js';

export type PaymentRow = {
  id: string;
  account_id: string;
  idempotency_key: string;
  request_hash: string;
  amount_cents: number;
  currency: string;
  channel: string;
  gateway: string;
  card_token: string;
  card_last4: string | null;
  status: string;
  gateway_ref: string | null;
  failure_code: string | null;
  statement_id: string | null;
  installment_id: string | null;
  created_at: Date;
  settled_at: Date | null;
};

export const toPayment = (r: PaymentRow): Payment => ({
  id: r.id,
  amountCents: Number(r.amount_cents),
  currency: r.currency.trim(),
  status: r.status as Payment['status'],
  failureCode: r.failure_code,
  cardLast4: r.card_last4,
  channel: r.channel,
  statementId: r.statement_id,
  createdAt: new Date(r.created_at).toISOString(),
  settledAt: r.settled_at ? new Date(r.settled_at).toISOString() : null,
});

const columns = [
  'id',
  'account_id',
  'idempotency_key',
  'request_hash',
  'amount_cents',
  'currency',
  'channel',
  'gateway',
  'card_token',
  'card_last4',
  'status',
  'gateway_ref',
  'failure_code',
  'statement_id',
  'installment_id',
  'created_at',
  'settled_at',
] as const;

export async function paymentById(tx: Tx, id: string): Promise<PaymentRow | undefined> {
  return tx.selectFrom('payments').select(columns).where('id', '=', id).executeTakeFirst();
}

export async function paymentByKey(tx: Tx, key: string): Promise<PaymentRow | undefined> {
  return tx.selectFrom('payments').select(columns).where('idempotency_key', '=', key).executeTakeFirst();
}

export async function paymentsOfAccount(tx: Tx, accountId: string, limit = 20): Promise<PaymentRow[]> {
  return tx
    .selectFrom('payments')
    .select(columns)
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Money asked for but not yet settled: it is no longer available to pay again. */
export async function inFlightCents(tx: Tx, accountId: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select coalesce(sum(amount_cents), 0)::bigint as n from payments
    where account_id = ${accountId} and status in ('pending', 'processing', 'unknown')`.execute(tx);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * What can still be paid: the ledger balance minus payments in flight, read in ONE statement
 * (one snapshot). As two statements, a settlement committing between them (moving a payment
 * from "in flight" to the ledger) would be counted in neither and let an over-payment through.
 */
export async function availableCents(tx: Tx, accountId: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select (select coalesce(sum(amount_cents), 0) from ledger_entries where account_id = ${accountId})
         - (select coalesce(sum(amount_cents), 0) from payments
            where account_id = ${accountId} and status in ('pending', 'processing', 'unknown')) as n`.execute(
    tx,
  );
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Claims an idempotency key. Under concurrency the second insert of a key waits for the
 * first transaction and then does nothing; the caller reads the winner's row.
 */
export async function claimPayment(
  tx: Tx,
  values: {
    tenant_id: string;
    account_id: string;
    idempotency_key: string;
    request_hash: string;
    amount_cents: number;
    currency: string;
    channel: string;
    gateway: string;
    card_token: string;
    card_last4: string | null;
    statement_id: string | null;
    installment_id: string | null;
    created_by: string | null;
  },
): Promise<PaymentRow | null> {
  const row = await tx
    .insertInto('payments')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'idempotency_key']).doNothing())
    .returning(columns)
    .executeTakeFirst();
  return row ?? null;
}

/** Moves a payment on from a non-final state only: a late or repeated answer changes nothing. */
export async function markPayment(
  tx: Tx,
  id: string,
  change: { status: string; gateway_ref?: string | null; failure_code?: string | null; settled?: boolean },
): Promise<PaymentRow | undefined> {
  return tx
    .updateTable('payments')
    .set({
      status: change.status,
      ...(change.gateway_ref !== undefined ? { gateway_ref: change.gateway_ref } : {}),
      ...(change.failure_code !== undefined ? { failure_code: change.failure_code } : {}),
      ...(change.settled ? { settled_at: sql`now()` } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'processing', 'unknown'])
    .returning(columns)
    .executeTakeFirst();
}
