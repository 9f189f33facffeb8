import type { LedgerEntry, LedgerKind } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Scope } from '../../platform/http/context.js';
import type { Tx } from '../../platform/db/database.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError } from '../../platform/errors.js';
import { LedgerRuleError, signIsValid } from './ledger.js';

export interface Account {
  id: string;
  patientId: string;
  currency: string;
}

/** The patient's billing account, created on first need (one per patient, by a unique key). */
export async function ensureAccount(tx: Tx, tenantId: string, patientId: string): Promise<Account> {
  await tx
    .insertInto('billing_accounts')
    .values({ tenant_id: tenantId, patient_id: patientId })
    .onConflict((oc) => oc.columns(['tenant_id', 'patient_id']).doNothing())
    .execute();
  const row = await tx
    .selectFrom('billing_accounts')
    .select(['id', 'patient_id', 'currency'])
    .where('patient_id', '=', patientId)
    .executeTakeFirstOrThrow();
  return { id: row.id, patientId: row.patient_id, currency: row.currency };
}

export async function findAccount(tx: Tx, accountId: string): Promise<Account | undefined> {
  const row = await tx
    .selectFrom('billing_accounts')
    .select(['id', 'patient_id', 'currency'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row && { id: row.id, patientId: row.patient_id, currency: row.currency };
}

/**
 * Serialises money movements on one account until the transaction ends: two payments
 * checked against the same balance at once would otherwise both pass.
 */
export async function lockAccount(tx: Tx, accountId: string): Promise<void> {
  // NO KEY UPDATE: it does not conflict with the KEY SHARE lock that inserting a row which
  // references the account (a payment, an entry) takes, so claim-then-lock cannot deadlock.
  await sql`select id from billing_accounts where id = ${accountId} for no key update`.execute(tx);
}

/** What the patient owes: the sum of the ledger, never a stored figure. */
export async function balanceCents(tx: Tx, accountId: string): Promise<number> {
  const row = await sql<{ balance: number }>`
    select coalesce(sum(amount_cents), 0)::bigint as balance from ledger_entries where account_id = ${accountId}`.execute(
    tx,
  );
  return Number(row.rows[0]?.balance ?? 0);
}

export interface NewEntry {
  kind: LedgerKind;
  amountCents: number;
  description: string;
  serviceDate?: string | null;
  reason?: string | null;
  sourceType: 'staff' | 'payment' | 'refund' | 'Claim' | 'ExplanationOfBenefit' | 'demo' | 'plan';
  sourceId?: string | null;
}

/**
 * Appends one entry. An entry with a source (a payment, an imported EOB item) is posted
 * once: a second posting of the same source is a no-op that returns false, so a job that
 * runs twice or a re-imported EOB never moves money twice.
 */
export async function postEntry(
  scope: Scope,
  account: Account,
  entry: NewEntry,
  currency = account.currency,
) {
  if (!signIsValid(entry.kind, entry.amountCents))
    throw new LedgerRuleError(`A ${entry.kind} of ${entry.amountCents} breaks the sign rule`);
  if (currency !== account.currency)
    throw new AppError('bad_request', `This account is billed in ${account.currency}`, {
      errors: [{ path: 'currency', message: `Use ${account.currency}` }],
    });
  const row = await scope.tx
    .insertInto('ledger_entries')
    .values({
      tenant_id: scope.tenant.id,
      account_id: account.id,
      currency: account.currency,
      kind: entry.kind,
      amount_cents: entry.amountCents,
      description: entry.description,
      service_date: entry.serviceDate ?? null,
      reason: entry.reason ?? null,
      source_type: entry.sourceType,
      source_id: entry.sourceId ?? null,
      created_by: scope.actor?.userId ?? null,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'source_type', 'source_id']).where('source_id', 'is not', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  await audit(scope, {
    action: 'create',
    objectType: 'LedgerEntry',
    objectId: row.id,
    patientId: account.patientId,
  });
  return row.id;
}

export const toEntry = (r: {
  id: string;
  kind: string;
  amount_cents: number;
  currency: string;
  description: string;
  service_date: string | null;
  reason: string | null;
  source_type: string;
  created_at: Date;
}): LedgerEntry => ({
  id: r.id,
  kind: r.kind as LedgerKind,
  amountCents: Number(r.amount_cents),
  currency: r.currency.trim(),
  description: r.description,
  serviceDate: r.service_date,
  reason: r.reason,
  sourceType: r.source_type,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Every entry of an account, oldest first; the read is audited. */
export async function readLedger(scope: Scope, account: Account): Promise<LedgerEntry[]> {
  const rows = await scope.tx
    .selectFrom('ledger_entries')
    .select([
      'id',
      'kind',
      'amount_cents',
      'currency',
      'description',
      'service_date',
      'reason',
      'source_type',
      'created_at',
    ])
    .where('account_id', '=', account.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  await audit(scope, {
    action: 'read',
    objectType: 'Ledger',
    objectId: account.id,
    patientId: account.patientId,
  });
  return rows.map(toEntry);
}
