import { randomBytes } from 'node:crypto';
import type { Statement, StatementLine } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { inTenant } from '../../platform/db/database.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError } from '../../platform/errors.js';
import { balanceCents, type Account } from './ledger.repository.js';
import {
  amountDue,
  statementCode,
  statementLines,
  statementState,
  type EntryForStatement,
} from './statement-lines.js';
import { addDays } from './plan-schedule.js';
import { lineInLanguage } from './service-names.js';
import { billingPolicy, todayUtc } from './policy.js';
import { jobScope } from './job-scope.js';
import { sendBillingNotice } from './notices.js';
import { announceAutopay } from './autopay.service.js';
import { payLink } from './text-to-pay.service.js';

type StatementRow = {
  id: string;
  account_id: string;
  code: string;
  currency: string;
  issued_at: Date;
  due_date: string;
  previous_balance_cents: number;
  balance_cents: number;
  lines: unknown[];
};

const columns = [
  'id',
  'account_id',
  'code',
  'currency',
  'issued_at',
  'due_date',
  'previous_balance_cents',
  'balance_cents',
  'lines',
] as const;

async function view(tx: Tx, row: StatementRow, organization: string, today = todayUtc()): Promise<Statement> {
  const account = await tx
    .selectFrom('billing_accounts')
    .innerJoin('patients', 'patients.id', 'billing_accounts.patient_id')
    .select([
      'patients.given_name',
      'patients.family_name',
      // The patient's language: their account's setting, else what the practice recorded.
      sql<string>`coalesce((select u.locale from users u where u.patient_id = patients.id
        and u.disabled_at is null order by u.created_at limit 1), patients.preferred_locale)`.as('locale'),
    ])
    .where('billing_accounts.id', '=', row.account_id)
    .executeTakeFirstOrThrow();
  const locale = account.locale === 'es' ? 'es' : 'en';
  const due = amountDue(Number(row.balance_cents), await balanceCents(tx, row.account_id));
  return {
    id: row.id,
    code: row.code,
    issuedAt: new Date(row.issued_at).toISOString(),
    dueDate: row.due_date,
    currency: row.currency.trim(),
    previousBalanceCents: Number(row.previous_balance_cents),
    balanceCents: Number(row.balance_cents),
    amountDueCents: due,
    state: statementState(due, row.due_date, today),
    // Lines are stored as issued (in the words of the codes and of our own entries) and read
    // in the patient's language.
    lines: (row.lines as StatementLine[]).map((l) => lineInLanguage(l, locale)),
    organization,
    patientName: `${account.given_name} ${account.family_name}`,
  };
}

/** One statement of the account, audited. Another account's statement is "not found". */
export async function readStatement(
  scope: Scope,
  account: Account | null,
  statementId: string,
): Promise<Statement> {
  let q = scope.tx.selectFrom('statements').select(columns).where('id', '=', statementId);
  if (account) q = q.where('account_id', '=', account.id);
  const row = await q.executeTakeFirst();
  if (!row) {
    if (account) {
      await audit(scope, {
        action: 'read',
        objectType: 'Statement',
        objectId: statementId,
        patientId: account.patientId,
        outcome: 'denied',
      });
      throw new AppError('not_found', 'No statement with that id', { keepWrites: true });
    }
    throw new AppError('not_found', 'No statement with that id');
  }
  const patient = await scope.tx
    .selectFrom('billing_accounts')
    .select('patient_id')
    .where('id', '=', row.account_id)
    .executeTakeFirstOrThrow();
  await audit(scope, {
    action: 'read',
    objectType: 'Statement',
    objectId: row.id,
    patientId: patient.patient_id,
  });
  return view(scope.tx, row, scope.tenant.name);
}

/** Statements of an account, newest first (summaries: the caller audits the list read). */
export async function listStatements(scope: Scope, account: Account, limit = 12): Promise<Statement[]> {
  const rows = await scope.tx
    .selectFrom('statements')
    .select(columns)
    .where('account_id', '=', account.id)
    .orderBy('issued_at', 'desc')
    .limit(limit)
    .execute();
  return Promise.all(rows.map((r) => view(scope.tx, r, scope.tenant.name)));
}

export async function statementByCode(tx: Tx, code: string) {
  return tx.selectFrom('statements').select(columns).where('code', '=', code).executeTakeFirst();
}
export { view as statementView };

/**
 * The scheduled statement run for one tenant: every account that owes money and has new
 * entries since its last statement (or whose last one is a cycle old) gets a statement.
 * Accounts are taken in batches; each batch is one transaction, so a crash loses no
 * statement half-written and a re-run skips what the last run issued.
 */
export async function generateStatements(
  db: Db,
  tenantId: string,
  /** With a platform, patients are told (mail, in-app) and autopay is announced. */
  options: { now?: Date; batchSize?: number; platform?: Platform } = {},
): Promise<number> {
  const platform = options.platform;
  const now = options.now ?? new Date();
  const today = todayUtc(now);
  const batchSize = options.batchSize ?? 500;
  let issued = 0;
  for (;;) {
    const made = await inTenant(db, tenantId, async (tx) => {
      const scope = await jobScope(tx, tenantId, 'statements');
      const policy = await billingPolicy(tx);
      const due = await sql<{
        account_id: string;
        patient_id: string;
        currency: string;
        balance: number;
        /** As text: a JavaScript Date would cut the microseconds and the next run would see "new" entries. */
        last_entry: string;
        prev_balance: number | null;
        prev_last_entry: Date | null;
      }>`
        with totals as (
          select e.account_id, sum(e.amount_cents)::bigint as balance, max(e.created_at) as last_entry
          from ledger_entries e group by e.account_id
        ), last as (
          select distinct on (account_id) account_id, issued_at, balance_cents, last_entry_at
          from statements order by account_id, issued_at desc
        )
        select a.id as account_id, a.patient_id, a.currency, t.balance, t.last_entry::text as last_entry,
               l.balance_cents as prev_balance, l.last_entry_at as prev_last_entry
        from totals t
        join billing_accounts a on a.id = t.account_id
        left join last l on l.account_id = t.account_id
        where t.balance > 0
          and (l.account_id is null or t.last_entry > l.last_entry_at
               or l.issued_at < ${now}::timestamptz - interval '30 days')
          and (l.account_id is null or l.issued_at < ${now}::timestamptz)
        order by a.id
        limit ${batchSize}`.execute(tx);
      if (due.rows.length === 0) return 0;
      const ids = due.rows.map((r) => r.account_id);
      // Which entries are new since each account's last statement is decided in SQL, at the
      // database's own (microsecond) precision.
      const entries = await sql<{
        account_id: string;
        kind: string;
        amount_cents: number;
        description: string;
        service_date: string | null;
        reason: string | null;
        fresh: boolean;
      }>`
        select e.account_id, e.kind, e.amount_cents, e.description, e.service_date, e.reason,
               (l.last_entry_at is null or e.created_at > l.last_entry_at) as fresh
        from ledger_entries e
        left join lateral (
          select s.last_entry_at from statements s where s.account_id = e.account_id
          order by s.issued_at desc limit 1) l on true
        where e.account_id = any(${ids}::uuid[])
        order by e.created_at, e.id`.execute(tx);
      const byAccount = new Map<string, EntryForStatement[]>();
      for (const r of due.rows) {
        const mine = entries.rows.filter((e) => e.account_id === r.account_id);
        const fresh = mine.filter((e) => e.fresh);
        // A reminder cycle with nothing new restates everything, so each line still says why.
        if (fresh.length === 0) r.prev_balance = 0;
        byAccount.set(
          r.account_id,
          (fresh.length > 0 ? fresh : mine).map((e) => ({
            kind: e.kind as EntryForStatement['kind'],
            amountCents: Number(e.amount_cents),
            description: e.description,
            serviceDate: e.service_date,
            reason: e.reason,
          })),
        );
      }
      const dueDate = addDays(today, policy.statementDueDays);
      const linesOf = new Map(
        due.rows.map((r) => [r.account_id, statementLines(byAccount.get(r.account_id) ?? [])]),
      );
      const rows = await tx
        .insertInto('statements')
        .values(
          due.rows.map((r) => ({
            tenant_id: tenantId,
            account_id: r.account_id,
            code: statementCode(randomBytes(8)),
            currency: r.currency,
            issued_at: now,
            due_date: dueDate,
            previous_balance_cents: Number(r.prev_balance ?? 0),
            balance_cents: Number(r.balance),
            lines: JSON.stringify(linesOf.get(r.account_id)),
            last_entry_at: r.last_entry,
          })),
        )
        .returning(['id', 'account_id', 'code', 'balance_cents', 'currency'])
        .execute();
      const patientOf = new Map(due.rows.map((r) => [r.account_id, r.patient_id]));
      await audit(
        scope,
        rows.map((s) => ({
          action: 'create' as const,
          objectType: 'Statement',
          objectId: s.id,
          patientId: patientOf.get(s.account_id)!,
        })),
      );
      if (platform) {
        for (const s of rows) {
          await sendBillingNotice(scope, platform, patientOf.get(s.account_id)!, {
            template: 'statement_ready',
            amountCents: Number(s.balance_cents),
            currency: s.currency,
            date: dueDate,
            code: s.code,
            // The statement mail is also its text-to-pay link: paying needs no sign-in.
            link: payLink(platform, tenantId, s.code),
            lines: linesOf.get(s.account_id) ?? [],
          });
          await announceAutopay(scope, platform, s, now);
        }
      }
      return rows.length;
    });
    issued += made;
    if (made < batchSize) return issued;
  }
}
