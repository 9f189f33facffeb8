/**
 * The billing benchmark's measuring part, run as a child process by `npm run bench:billing`
 * (bench/src/billing.ts) against a throw-away PostgreSQL (DATABASE_URL). Prints one JSON line.
 *
 *  1. statement generation: BENCH_BILLING_ACCOUNTS accounts (default 10,000), each with a
 *     visit's charge, insurance payment and contractual adjustment, get their statements;
 *  2. payment requests: BENCH_BILLING_PAYMENTS requests (default 4,000; one in four a replay
 *     of an earlier key) at BENCH_BILLING_CONCURRENCY at once, through the same service the
 *     route calls: idempotency-key claim, account lock, balance check, job enqueued;
 *  3. settlement: the worker charges every accepted payment at the sandbox gateway and posts it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../config.js';
import { startRuntime } from '../../platform/runtime.js';
import { inTenant } from '../../platform/db/database.js';
import { generateStatements } from './statements.service.js';
import { requestPayment } from './payments.service.js';
import { jobScope } from './job-scope.js';
import { findAccount } from './ledger.repository.js';
import { gatewaysOf } from '../../platform/payments/gateways.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ACCOUNTS = env('BENCH_BILLING_ACCOUNTS', 10_000);
const PAYMENTS = env('BENCH_BILLING_PAYMENTS', 4_000);
const CONCURRENCY = env('BENCH_BILLING_CONCURRENCY', 16);
const PAYING_ACCOUNTS = 200;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'accompany-bench-billing-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: dataDir,
    APP_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: 'silent',
    DATABASE_POOL_SIZE: String(CONCURRENCY + 4),
    WORKER_CONCURRENCY: '8',
    WORKER_POLL_MS: '50',
  });
  const runtime = await startRuntime(config);
  const db = runtime.database.db;
  const { id: tenantId } = await db
    .insertInto('tenants')
    .values({ slug: 'bench', name: 'Bench Clinic' })
    .returning('id')
    .executeTakeFirstOrThrow();

  // Seed: patients, accounts and three ledger entries each, set-based.
  const seedStart = performance.now();
  await inTenant(db, tenantId, async (tx) => {
    await sql`insert into patients (tenant_id, mrn, given_name, family_name, birth_date)
      select ${tenantId}, 'B' || g, 'Pat', 'Bench' || g, date '1970-01-01' + (g % 15000)
      from generate_series(1, ${ACCOUNTS}) g`.execute(tx);
    await sql`insert into billing_accounts (tenant_id, patient_id) select ${tenantId}, id from patients`.execute(
      tx,
    );
    await sql`insert into ledger_entries (tenant_id, account_id, currency, kind, amount_cents, description, service_date, reason, source_type, source_id, created_at)
      select ${tenantId}, a.id, 'USD', k.kind, k.amount, 'Office visit, established patient', date '2026-10-02', k.reason, 'demo', a.id || k.kind, now() - interval '1 day'
      from billing_accounts a cross join (values ('charge', 14500, 'copay'), ('insurance_payment', -8000, 'Paid by insurer'), ('adjustment', -2500, 'Contract discount')) as k(kind, amount, reason)`.execute(
      tx,
    );
  });
  const seedMs = performance.now() - seedStart;

  const stmtStart = performance.now();
  const issued = await generateStatements(db, tenantId, { batchSize: 1000 });
  const statementMs = performance.now() - stmtStart;

  // Payments: 200 accounts, each owing $40; requests of $1, a quarter of them replays.
  const accounts = await inTenant(db, tenantId, (tx) =>
    tx.selectFrom('billing_accounts').select('id').limit(PAYING_ACCOUNTS).execute(),
  );
  const token = (
    await gatewaysOf(runtime.platform).sandbox.tokenize(tenantId, {
      number: '4242424242424242',
      expMonth: 12,
      expYear: 2034,
      cvc: '123',
    })
  ).token;
  const keys: { account: string; key: string }[] = [];
  for (let i = 0; i < PAYMENTS; i++) {
    const replay = i % 4 === 3 && keys.length > 0;
    keys.push(
      replay
        ? keys[Math.floor(Math.random() * keys.length)]!
        : { account: accounts[i % accounts.length]!.id, key: randomUUID() },
    );
  }
  const latencies: number[] = [];
  let accepted = 0;
  let refused = 0;
  let next = 0;
  const payStart = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < keys.length) {
        const job = keys[next++]!;
        const t0 = performance.now();
        try {
          await inTenant(db, tenantId, async (tx) => {
            const scope = await jobScope(tx, tenantId, 'bench');
            const account = (await findAccount(tx, job.account))!;
            await requestPayment(scope, runtime.platform, account, {
              idempotencyKey: job.key,
              amountCents: 100,
              currency: 'USD',
              cardToken: token,
              cardLast4: '4242',
              channel: 'app',
            });
          });
          accepted++;
        } catch {
          refused++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const payMs = performance.now() - payStart;
  latencies.sort((a, b) => a - b);
  const distinct = await inTenant(db, tenantId, async (tx) =>
    Number((await sql<{ n: number }>`select count(*)::int as n from payments`.execute(tx)).rows[0]!.n),
  );

  const settleStart = performance.now();
  runtime.worker.start();
  await runtime.worker.drain(120_000);
  const settleMs = performance.now() - settleStart;
  const charges = await inTenant(db, tenantId, async (tx) =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from sandbox_gateway_charges`.execute(tx)).rows[0]!
        .n,
    ),
  );
  const posted = await inTenant(db, tenantId, async (tx) =>
    Number(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from ledger_entries where kind = 'patient_payment'`.execute(tx)
      ).rows[0]!.n,
    ),
  );

  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({
      accounts: ACCOUNTS,
      seedMs,
      issued,
      statementMs,
      payments: PAYMENTS,
      concurrency: CONCURRENCY,
      accepted,
      refused,
      distinct,
      payMs,
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      settleMs,
      charges,
      posted,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
