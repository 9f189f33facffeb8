import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, onAbort, runToEnd } from './processes.js';

/**
 * A throw-away PostgreSQL server in a temporary folder, like scripts/postgres.sh starts for
 * the integration tests, except that durability stays at PostgreSQL's defaults (fsync and
 * synchronous_commit on): every commit waits for its WAL flush, as in production.
 */
export interface Postgres {
  url: string;
  /** The same database through its Unix-domain socket (a server on the database's own host). */
  socketUrl: string;
  version: string;
  /** The postmaster's pid; its children are the connection backends. */
  postmasterPid(): number;
  stop(): Promise<void>;
}

function findBin(): string {
  for (const version of [15, 16, 17, 14]) {
    const bin = `/usr/lib/postgresql/${version}/bin`;
    if (existsSync(`${bin}/initdb`)) return bin;
  }
  throw new Error(
    'PostgreSQL server binaries were not found in /usr/lib/postgresql/<version>/bin. ' +
      'Install them (for example: apt-get install postgresql-15) and run the benchmark again.',
  );
}

/** initdb refuses to run as root, so as root the server runs as the postgres user. */
function ensurePostgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * `BENCH_PG_STATEMENTS=1` loads pg_stat_statements (planning included), for `topStatements` in
 * pg-statements.ts: where the database's time goes, statement by statement.
 */
const statementSettings = process.env.BENCH_PG_STATEMENTS
  ? ' -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on'
  : '';

export async function startPostgres(): Promise<Postgres> {
  const bin = findBin();
  const dir = mkdtempSync(join(tmpdir(), 'accompany-bench-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = ensurePostgresUser();
    chownSync(dir, uid, gid);
  }
  const as = (command: string, args: string[]) =>
    asRoot ? (['runuser', ['-u', 'postgres', '--', command, ...args]] as const) : ([command, args] as const);
  const run = (command: string, args: string[]) => {
    const [c, a] = as(command, args);
    return runToEnd(c, [...a], { cwd: dir });
  };
  const stopNow = () => {
    const [c, a] = as(`${bin}/pg_ctl`, ['-D', data, '-m', 'immediate', 'stop']);
    try {
      if (existsSync(join(data, 'postmaster.pid'))) execFileSync(c, [...a], { cwd: dir, stdio: 'ignore' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const forget = onAbort(stopNow);

  await run(`${bin}/initdb`, ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100${statementSettings}`;
  await run(`${bin}/pg_ctl`, ['-D', data, '-l', join(dir, 'log'), '-w', '-o', serverOptions, 'start']);
  // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
  const version =
    /\(PostgreSQL\) (\S+)/.exec(execFileSync(`${bin}/postgres`, ['--version'], { encoding: 'utf8' }))?.[1] ??
    '?';

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    socketUrl: `postgres://postgres@/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    version,
    postmasterPid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    async stop() {
      await run(`${bin}/pg_ctl`, ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
      forget();
    },
  };
}
