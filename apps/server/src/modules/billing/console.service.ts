import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { audit } from '../../platform/audit/audit.js';
import { encodeCursor, readCursor } from '../../platform/http/cursor.js';
import { balanceCents, findAccount, postEntry, readLedger, type Account } from './ledger.repository.js';
import { paymentById, paymentsOfAccount, toPayment, type PaymentRow } from './payments.repository.js';
import { listStatements } from './statements.service.js';
import { currentPlan } from './plans.service.js';
import { centsToDecimal, signedAmount } from './ledger.js';
import { REFUND_QUEUE } from './queues.js';
import { payLink } from './text-to-pay.service.js';

export const billingRoles = ['billing', 'admin'] as const;

async function accountOrNotFound(scope: Scope, accountId: string): Promise<Account> {
  const account = await findAccount(scope.tx, accountId);
  if (!account) throw new AppError('not_found', 'No billing account with that id');
  return account;
}

/** Accounts with what they owe, by patient name; each listed patient is audited as searched. */
export async function listAccounts(scope: Scope, q: string | undefined, cursor: string | undefined) {
  const after = readCursor(cursor, ['text', 'uuid']);
  const like = q ? `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await sql<{
    account_id: string;
    patient_id: string;
    given_name: string;
    family_name: string;
    mrn: string;
    currency: string;
    balance: number;
    sort_name: string;
    oldest_due: string | null;
  }>`
    select a.id as account_id, p.id as patient_id, p.given_name, p.family_name, p.mrn, a.currency,
           coalesce((select sum(amount_cents) from ledger_entries e where e.account_id = a.id), 0)::bigint as balance,
           lower(p.family_name || ', ' || p.given_name) as sort_name,
           (select min(s.due_date)::text from statements s where s.account_id = a.id and s.balance_cents > 0) as oldest_due
    from billing_accounts a join patients p on p.id = a.patient_id
    where (${like}::text is null or lower(p.family_name || ', ' || p.given_name) like ${like} or lower(p.mrn) = lower(${q ?? ''}))
      and (${after?.[0] ?? null}::text is null or (lower(p.family_name || ', ' || p.given_name), a.id) > (${after?.[0] ?? ''}, ${after?.[1] ?? '00000000-0000-0000-0000-000000000000'}::uuid))
    order by sort_name, a.id
    limit 51`.execute(scope.tx);
  const page = rows.rows.slice(0, 50);
  await audit(
    scope,
    page.map((r) => ({
      action: 'search' as const,
      objectType: 'BillingAccount',
      objectId: r.account_id,
      patientId: r.patient_id,
    })),
  );
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      accountId: r.account_id,
      patientId: r.patient_id,
      patientName: `${r.family_name}, ${r.given_name}`,
      mrn: r.mrn,
      balanceCents: Number(r.balance),
      currency: r.currency.trim(),
      oldestOpenDueDate: r.oldest_due,
    })),
    nextCursor: rows.rows.length > 50 && last ? encodeCursor([last.sort_name, last.account_id]) : null,
  };
}

export async function accountDetail(scope: Scope, platform: Platform, accountId: string) {
  const account = await accountOrNotFound(scope, accountId);
  const patient = await scope.tx
    .selectFrom('patients')
    .select(['given_name', 'family_name', 'mrn'])
    .where('id', '=', account.patientId)
    .executeTakeFirstOrThrow();
  const ledger = await readLedger(scope, account);
  return {
    accountId: account.id,
    patientId: account.patientId,
    patientName: `${patient.family_name}, ${patient.given_name}`,
    mrn: patient.mrn,
    currency: account.currency,
    balanceCents: await balanceCents(scope.tx, account.id),
    ledger,
    statements: (await listStatements(scope, account, 24)).map((s) => ({
      ...s,
      payLink: payLink(platform, scope.tenant.id, s.code),
    })),
    payments: (await paymentsOfAccount(scope.tx, account.id, 50)).map(toPayment),
    plan: await currentPlan(scope, account),
  };
}

/** A charge, adjustment or write-off by billing staff: always with a reason, always audited. */
export async function postStaffEntry(
  scope: Scope,
  accountId: string,
  body: {
    kind: 'charge' | 'adjustment' | 'write_off';
    amountCents: number;
    currency: string;
    description: string;
    reason: string;
    serviceDate?: string | undefined;
  },
) {
  const account = await accountOrNotFound(scope, accountId);
  if (body.amountCents === 0 || (body.kind !== 'adjustment' && body.amountCents < 0)) {
    throw new AppError('validation_failed', 'Send a positive amount (a signed one for an adjustment)', {
      errors: [{ path: 'amountCents', message: 'Not a valid amount for this kind' }],
    });
  }
  const id = await postEntry(
    scope,
    account,
    {
      kind: body.kind,
      amountCents: signedAmount(body.kind, body.amountCents),
      description: body.description,
      serviceDate: body.serviceDate ?? null,
      reason: body.reason,
      sourceType: 'staff',
      sourceId: randomUUID(),
    },
    body.currency,
  );
  return { id, balanceCents: await balanceCents(scope.tx, account.id) };
}

/**
 * A refund of (part of) a settled payment. It is queued: the gateway is called by a job,
 * and the ledger entry is posted when the gateway confirms, under the refund's own key.
 */
export async function requestRefund(
  scope: Scope,
  platform: Platform,
  paymentId: string,
  amountCents: number,
  reason: string,
) {
  const payment = await paymentById(scope.tx, paymentId);
  if (!payment) throw new AppError('not_found', 'No payment with that id');
  if (payment.status !== 'succeeded' || !payment.gateway_ref)
    throw new AppError('conflict', 'Only a settled payment can be refunded');
  const refunded = await sql<{ n: number }>`
    select coalesce(sum(amount_cents), 0)::bigint as n from ledger_entries
    where kind = 'refund' and source_type = 'refund' and source_id like ${`${payment.id}:%`}`.execute(
    scope.tx,
  );
  const pendingJobs = await sql<{ n: number }>`
    select coalesce(sum((payload->>'amountCents')::bigint), 0)::bigint as n from jobs
    where queue = ${REFUND_QUEUE} and status in ('queued', 'active') and payload->>'paymentId' = ${payment.id}`.execute(
    scope.tx,
  );
  const left = Number(payment.amount_cents) - Number(refunded.rows[0]!.n) - Number(pendingJobs.rows[0]!.n);
  if (amountCents > left) {
    throw new AppError('validation_failed', `At most ${left} cents of this payment can still be refunded`, {
      errors: [{ path: 'amountCents', message: 'More than what is left of the payment' }],
    });
  }
  const refundId = randomUUID();
  await platform.jobs.enqueue(scope.tx, scope.tenant.id, REFUND_QUEUE, {
    paymentId: payment.id,
    refundId,
    amountCents,
    reason,
    actorId: scope.actor?.userId ?? null,
  });
  const account = (await findAccount(scope.tx, payment.account_id))!;
  await audit(scope, {
    action: 'create',
    objectType: 'Refund',
    objectId: refundId,
    patientId: account.patientId,
  });
  return { refundId, status: 'queued' as const };
}

export async function paymentsOfDay(scope: Scope, date: string, onlyFailed: boolean) {
  let q = scope.tx
    .selectFrom('payments')
    .innerJoin('billing_accounts', 'billing_accounts.id', 'payments.account_id')
    .innerJoin('patients', 'patients.id', 'billing_accounts.patient_id')
    .selectAll('payments')
    .select([
      'patients.id as patient_id',
      'patients.given_name',
      'patients.family_name',
      'billing_accounts.id as acct',
    ])
    .where(sql<boolean>`(payments.created_at at time zone 'UTC')::date = ${date}::date`)
    .orderBy('payments.created_at', 'desc')
    .limit(500);
  if (onlyFailed) q = q.where('payments.status', '=', 'failed');
  const rows = await q.execute();
  await audit(
    scope,
    rows.map((r) => ({
      action: 'search' as const,
      objectType: 'Payment',
      objectId: r.id,
      patientId: r.patient_id,
    })),
  );
  return {
    items: rows.map((r) => ({
      ...toPayment(r as unknown as PaymentRow),
      accountId: r.acct,
      patientName: `${r.family_name}, ${r.given_name}`,
    })),
  };
}

/** Open balances by how long past due their oldest unpaid statement is. */
export async function agingReport(scope: Scope, today: string) {
  const rows = await sql<{ bucket: string; accounts: number; cents: number }>`
    with bal as (
      select a.id, coalesce(sum(e.amount_cents), 0)::bigint as balance,
             (select min(s.due_date) from statements s where s.account_id = a.id and s.balance_cents > 0) as oldest_due
      from billing_accounts a left join ledger_entries e on e.account_id = a.id
      group by a.id
    )
    select case
             when oldest_due is null or oldest_due >= ${today}::date then 'current'
             when ${today}::date - oldest_due <= 30 then '1-30'
             when ${today}::date - oldest_due <= 60 then '31-60'
             when ${today}::date - oldest_due <= 90 then '61-90'
             else '90+' end as bucket,
           count(*)::int as accounts, sum(balance)::bigint as cents
    from bal where balance > 0 group by 1`.execute(scope.tx);
  // Money held for patients who paid more than they owed (only when the policy allows credit).
  const credit = await sql<{ accounts: number; cents: number }>`
    select count(*)::int as accounts, coalesce(-sum(balance), 0)::bigint as cents
    from (select sum(amount_cents) as balance from ledger_entries group by account_id) b
    where balance < 0`.execute(scope.tx);
  await audit(scope, { action: 'search', objectType: 'AgingReport', objectId: null, patientId: null });
  const order = ['current', '1-30', '31-60', '61-90', '90+'];
  return {
    items: order.map((bucket) => {
      const r = rows.rows.find((x) => x.bucket === bucket);
      return { bucket, accounts: r?.accounts ?? 0, cents: Number(r?.cents ?? 0) };
    }),
    credit: { accounts: credit.rows[0]?.accounts ?? 0, cents: Number(credit.rows[0]?.cents ?? 0) },
  };
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  // A leading = + - @ would run as a formula in a spreadsheet: quote it away.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Ledger entries of a period as CSV, for posting back to the practice-management system. */
export async function ledgerCsv(scope: Scope, from: string, to: string): Promise<string> {
  const rows = await scope.tx
    .selectFrom('ledger_entries as e')
    .innerJoin('billing_accounts as a', 'a.id', 'e.account_id')
    .innerJoin('patients as p', 'p.id', 'a.patient_id')
    .select([
      'e.id',
      'e.created_at',
      'p.id as patient_id',
      'p.mrn',
      'e.kind',
      'e.amount_cents',
      'e.currency',
      'e.service_date',
      'e.description',
      'e.reason',
      'e.source_type',
      'e.source_id',
    ])
    .where(sql<boolean>`(e.created_at at time zone 'UTC')::date between ${from}::date and ${to}::date`)
    .orderBy('e.created_at')
    .execute();
  const patients = [...new Set(rows.map((r) => r.patient_id))];
  await audit(
    scope,
    patients.map((p) => ({ action: 'export' as const, objectType: 'Ledger', objectId: null, patientId: p })),
  );
  const header =
    'entry_id,posted_at,mrn,kind,amount,currency,service_date,description,reason,source_type,source_id';
  const lines = rows.map((r) =>
    [
      r.id,
      new Date(r.created_at).toISOString(),
      r.mrn,
      r.kind,
      centsToDecimal(Number(r.amount_cents)),
      r.currency.trim(),
      r.service_date,
      r.description,
      r.reason,
      r.source_type,
      r.source_id,
    ]
      .map(csvCell)
      .join(','),
  );
  return [header, ...lines].join('\r\n') + '\r\n';
}
