import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { inTenant } from '../src/platform/db/database.js';
import { ensureAccount, postEntry, type Account } from '../src/modules/billing/ledger.repository.js';
import { jobScope } from '../src/modules/billing/job-scope.js';
import { TestClient, type TestServer } from './harness.js';

/**
 * A demo patient who can sign in and has no demo bills yet, by position in the email
 * order (tests use distinct positions, so each starts from a zero balance).
 */
export async function demoPatient(server: TestServer, index: number) {
  return server.runtime.database.db
    .selectFrom('users')
    .innerJoin('patients', 'patients.id', 'users.patient_id')
    .leftJoin('billing_accounts', 'billing_accounts.patient_id', 'patients.id')
    .select(['users.email', 'patients.id as patientId', 'patients.birth_date as birthDate'])
    .where('users.role', '=', 'patient')
    .where('billing_accounts.id', 'is', null)
    .orderBy('users.email')
    .offset(index)
    .limit(1)
    .executeTakeFirstOrThrow();
}

export async function signedInPatient(server: TestServer, index: number) {
  const p = await demoPatient(server, index);
  const client = new TestClient(server.app);
  const res = await client.signIn(p.email);
  if (res.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
  return { ...p, client };
}

/** Posts a charge (as the billing office would) and returns the account. */
export async function charge(
  server: TestServer,
  patientId: string,
  cents: number,
  tenantId = server.tenantId,
): Promise<Account> {
  return inTenant(server.runtime.database.db, tenantId, async (tx) => {
    const scope = await jobScope(tx, tenantId, 'test');
    const account = await ensureAccount(tx, tenantId, patientId);
    await postEntry(scope, account, {
      kind: 'charge',
      amountCents: cents,
      description: 'Office visit, established patient',
      serviceDate: '2026-10-02',
      reason: 'copay',
      sourceType: 'staff',
      sourceId: randomUUID(),
    });
    return account;
  });
}

/** Tokenizes a test card at the sandbox gateway, as the browser does. */
export async function cardToken(client: TestClient, number = '4242424242424242'): Promise<string> {
  const res = await client.request<{ token: string }>('POST', '/sandbox-gateway/v1/tokens', {
    number,
    expMonth: 12,
    expYear: 2034,
    cvc: '123',
  });
  if (res.status !== 201) throw new Error(`tokenize failed: ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/**
 * Runs the billing jobs that are waiting for a later time (reconciliation, async
 * settlement) now, until none is left; the daily runs stay where they are.
 */
export async function runBillingJobs(server: TestServer, rounds = 10) {
  const db = server.runtime.database.db;
  for (let i = 0; i < rounds; i++) {
    await server.runtime.worker.drain(30_000);
    const moved = await sql`
      update jobs set run_at = now()
      where status = 'queued' and run_at > now()
        and queue in ('billing.payment.submit', 'billing.payment.reconcile', 'billing.refund', 'sandbox-gateway.settle')`.execute(
      db,
    );
    if (Number(moved.numAffectedRows ?? 0) === 0) return;
  }
}

export async function balanceOf(server: TestServer, accountId: string) {
  const r = await sql<{
    n: number;
  }>`select coalesce(sum(amount_cents), 0)::bigint as n from ledger_entries where account_id = ${accountId}`.execute(
    server.runtime.database.db,
  );
  return Number(r.rows[0]!.n);
}

export const count = async (server: TestServer, table: string, where = sql`true`) =>
  Number(
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(
        server.runtime.database.db,
      )
    ).rows[0]!.n,
  );

export const pay = (client: TestClient, key: string, body: Record<string, unknown>) =>
  client.request<{ id: string; status: string; failureCode: string | null }>(
    'POST',
    '/api/billing/payments',
    body,
    {
      'idempotency-key': key,
    },
  );
