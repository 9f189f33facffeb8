/**
 * npm run bench: sign-in throughput, and an authenticated JSON route against a bare Fastify
 * route, on PostgreSQL (the production shape) and on the embedded PGlite. Prints a table and
 * writes docs/benchmarks.md.
 */
import { cpus, loadavg } from 'node:os';
import { measure, type Measurement, type Plan, type Target } from './load.js';
import { startPostgres, type Postgres } from './postgres.js';
import { writeBenchSection } from './doc-section.js';
import { renderMarkdown, renderTable, type DatabaseSection } from './report.js';
import { probeDemo, startServer, tempDataDir, type RunningServer, type ServerOptions } from './server.js';
import { startBaselineServer, type BaselineServer } from './scenarios/baseline.js';
import { profileTargets } from './scenarios/profile.js';
import { signInTarget } from './scenarios/sign-in.js';

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name}=${raw}: expected a whole number of at least 1`);
  return value;
}

const plan: Plan = {
  runs: positiveInt('BENCH_RUNS', 3),
  seconds: positiveInt('BENCH_SECONDS', 5),
  warmupSeconds: positiveInt('BENCH_WARMUP_SECONDS', 3),
};

const step = (text: string) => process.stdout.write(`\n${text}\n`);

async function benchDatabase(kind: 'postgres' | 'pglite'): Promise<DatabaseSection> {
  const dataDir = tempDataDir(kind);
  let postgres: Postgres | undefined;
  let server: RunningServer | undefined;
  let baseline: BaselineServer | undefined;
  try {
    if (kind === 'postgres') {
      step('Starting a throw-away PostgreSQL server');
      postgres = await startPostgres();
    }
    const pg = postgres;
    const label = pg ? `PostgreSQL ${pg.version}` : 'PGlite (embedded)';
    const options: ServerOptions = { dataDir: dataDir.path, ...(pg ? { databaseUrl: pg.url } : {}) };

    step(`${label}: starting the server (first start: schema and demo organization)`);
    server = await startServer(options);
    if (!pg) {
      // The embedded database belongs to one process: read it while the server is stopped.
      await server.stop();
      server = undefined;
    }
    const probe = await probeDemo(options);
    const app = server ?? (server = await startServer(options));
    process.stdout.write(
      `  ${probe.emails.length} demo patients; one argon2id check alone: ${probe.argon2VerifyMs.toFixed(1)} ms\n`,
    );
    const base = (baseline = await startBaselineServer(pg?.url));

    const processes = (pid: number): Target['processes'] =>
      pg
        ? { server: () => pid, PostgreSQL: () => pg.postmasterPid() }
        : { 'server (with PGlite)': () => pid };
    const measurements: Measurement[] = [];

    step(`${label}: sign-in`);
    measurements.push(
      ...(await measure([await signInTarget(app.url, probe.emails, processes(app.pid))], plan)),
    );
    if (pg) {
      // PGlite runs one transaction at a time whatever the address, so only PostgreSQL gets this one.
      step(`${label}: sign-in from many client addresses`);
      measurements.push(
        ...(await measure([await signInTarget(app.url, probe.emails, processes(app.pid), true)], plan)),
      );
    }

    step(`${label}: authenticated JSON route versus the baselines`);
    const targets = await profileTargets(app.url, base, probe.emails, {
      server: processes(app.pid),
      baseline: processes(base.pid),
    });
    measurements.push(...(await measure(targets, plan)));
    return { kind, label, argon2VerifyMs: probe.argon2VerifyMs, measurements };
  } finally {
    // Whatever is left running if one of these throws is stopped by the exit handler.
    await server?.stop();
    await baseline?.stop();
    await postgres?.stop();
    dataDir.remove();
  }
}

async function main() {
  const date = new Date();
  process.stdout.write(
    `Accompany benchmark: ${plan.runs} runs of ${plan.seconds} s per figure after a ${plan.warmupSeconds} s warm-up\n`,
  );
  const loadBefore = loadavg()[0] ?? 0;
  if (loadBefore > 0.5) {
    console.warn(
      `The machine is busy (load average ${loadBefore.toFixed(2)}): figures will be lower and noisier.`,
    );
  }
  const sections = [await benchDatabase('postgres'), await benchDatabase('pglite')];

  const cpuList = cpus();
  const env = {
    date,
    node: process.version,
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown CPU',
    loadBefore,
    plan,
  };
  writeBenchSection('platform', renderMarkdown(env, sections));
  process.stdout.write(`\n${renderTable(sections)}\n\nWritten to docs/benchmarks.md\n`);
}

main().catch((error: unknown) => {
  console.error(`\nThe benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
  // The exit handler stops whatever is still running.
  process.exit(1);
});
