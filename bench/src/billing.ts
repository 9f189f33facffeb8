/**
 * `npm run bench:billing`: statement generation for 10,000 accounts and payment requests
 * per second with the idempotency check, on a throw-away PostgreSQL. The measuring runs in
 * a child process (apps/server/src/modules/billing/billing.bench-probe.ts) that uses the
 * server's own services; this script starts PostgreSQL, reads the figures and writes the
 * `billing` section of docs/benchmarks.md. Knobs: BENCH_BILLING_ACCOUNTS, BENCH_BILLING_PAYMENTS,
 * BENCH_BILLING_CONCURRENCY.
 */
import { cpus } from 'node:os';
import { startPostgres } from './postgres.js';
import { runToEnd } from './processes.js';
import { writeBenchSection } from './doc-section.js';

interface Probe {
  accounts: number;
  seedMs: number;
  issued: number;
  statementMs: number;
  payments: number;
  concurrency: number;
  accepted: number;
  refused: number;
  distinct: number;
  payMs: number;
  p50: number;
  p95: number;
  p99: number;
  settleMs: number;
  charges: number;
  posted: number;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main() {
  const pg = await startPostgres();
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: pg.url };
    for (const k of ['BENCH_BILLING_ACCOUNTS', 'BENCH_BILLING_PAYMENTS', 'BENCH_BILLING_CONCURRENCY']) {
      if (process.env[k]) env[k] = process.env[k];
    }
    const out = await runToEnd(
      process.execPath,
      ['--import', 'tsx', 'apps/server/src/modules/billing/billing.bench-probe.ts'],
      { env },
    );
    const p = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Probe;
    const rows = [
      ['statements issued', `${p.issued} of ${p.accounts} accounts`],
      [
        'statement generation',
        `${(p.statementMs / 1000).toFixed(2)} s (${Math.round((p.issued / p.statementMs) * 1000)} statements/s)`,
      ],
      [
        'payment requests',
        `${p.payments} (${p.distinct} distinct keys, the rest replays) at ${p.concurrency} concurrent`,
      ],
      ['payment requests/s', `${Math.round((p.payments / p.payMs) * 1000)}`],
      ['request latency', `median ${ms(p.p50)}, p95 ${ms(p.p95)}, p99 ${ms(p.p99)}`],
      [
        'accepted / refused',
        `${p.accepted} / ${p.refused} (a refusal is an over-payment of a fully paid account)`,
      ],
      [
        'settlement (sandbox charge + ledger post)',
        `${p.charges} charges, ${p.posted} postings in ${(p.settleMs / 1000).toFixed(2)} s (${Math.round((p.charges / p.settleMs) * 1000)}/s)`,
      ],
      [
        'double charges',
        `${p.charges - p.distinct === 0 && p.posted === p.charges ? 'none' : `MISMATCH: ${p.charges} charges for ${p.distinct} keys`}`,
      ],
    ];
    const table = ['| measure | result |', '| --- | --- |', ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join(
      '\n',
    );
    const markdown = `## Billing (\`npm run bench:billing\`)

PostgreSQL ${pg.version} (throw-away, default durability), ${cpus().length} CPU cores shared with other work,
one Node process. Statements are issued without their notices (mail and in-app rows are measured by
the platform benchmark). Payment requests go through the service the route calls: idempotency-key
claim (unique index), account row lock, balance check, job enqueued; settlement is the worker charging
the built-in sandbox gateway and posting each payment to the ledger.

${table}
`;
    writeBenchSection('billing', markdown);
    console.log(table);
  } finally {
    await pg.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
