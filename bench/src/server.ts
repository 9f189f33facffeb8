import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, onAbort, runToEnd, startChild, waitForOk, type Child } from './processes.js';

export interface ServerOptions {
  /** PostgreSQL connection URL; without it the server uses embedded PGlite in its data folder. */
  databaseUrl?: string;
  dataDir: string;
}

export interface RunningServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The environment the server gets: the settings below and nothing else from the caller's
 * shell, so a stray DATABASE_POOL_SIZE or TRUST_PROXY cannot change what is measured.
 */
function serverEnv(options: ServerOptions, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'true',
    // The per-address sign-in limit (100 per 15 minutes by default) would stop the sign-in
    // benchmark after a second: every request comes from 127.0.0.1.
    SIGN_IN_IP_LIMIT: '1000000',
    // Lets one sign-in variant name many client addresses in X-Forwarded-For; a request
    // without that header (every other request here) is counted by its socket address.
    TRUST_PROXY: 'true',
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  return env;
}

/** Starts `node --import tsx apps/server/src/main.ts` and waits until /readyz answers 200. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const child: Child = startChild(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    env: serverEnv(options, port),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    // The first start creates the schema and the demo organization.
    await waitForOk(`${url}/readyz`, child, 180_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    url,
    pid: child.pid,
    async stop() {
      await child.stop();
      if (child.process.exitCode !== 0 && child.process.signalCode === null) {
        throw new Error(`the server exited with ${child.process.exitCode}:\n${child.output()}`);
      }
    },
  };
}

export interface DemoProbe {
  emails: string[];
  argon2VerifyMs: number;
}

/** Reads the demo patients and times one argon2id check (see demo-probe.ts). */
export async function probeDemo(options: ServerOptions): Promise<DemoProbe> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: options.dataDir,
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const out = await runToEnd(process.execPath, ['--import', 'tsx', 'bench/src/demo-probe.ts'], { env });
  const probe = JSON.parse(out.trim().split('\n').pop() ?? '{}') as DemoProbe;
  if (!Array.isArray(probe.emails) || probe.emails.length === 0)
    throw new Error('the demo organization has no patients');
  return probe;
}

/** A temporary data folder, removed at the end (or on an abnormal exit). */
export function tempDataDir(label: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `accompany-bench-${label}-`));
  const remove = () => rmSync(path, { recursive: true, force: true });
  const forget = onAbort(remove);
  return {
    path,
    remove() {
      remove();
      forget();
    },
  };
}
