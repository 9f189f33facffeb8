/**
 * Real server processes (node apps/server/src/main.ts) for the two-process tests: spawn one on a
 * free port against a shared PostgreSQL database, wait until it is ready, stop it gracefully.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createTestDatabase } from './harness.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ServerProcess {
  base: string;
  child: ChildProcess;
  output: string[];
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** What the processes of one test share: a fresh database, a data folder, and a client to look in. */
export interface SharedDatabase {
  databaseUrl: string;
  dataDir: string;
  db: pg.Client;
  close(): Promise<void>;
}

export async function sharedDatabase(dataDirPrefix: string): Promise<SharedDatabase> {
  const databaseUrl = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), dataDirPrefix));
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  return {
    databaseUrl,
    dataDir,
    db,
    close: async () => {
      await db.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startProcess(
  databaseUrl: string,
  dataDir: string,
  env: Record<string, string>,
  entry = 'apps/server/src/main.ts',
): Promise<ServerProcess> {
  const port = await freePort();
  const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: {
      ...inherited,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      COOKIE_SECURE: 'false',
      APP_SECRET: 'two-process-secret-shared-by-both-servers',
      WORKER_POLL_MS: '100',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return { base: `http://127.0.0.1:${port}`, child, output };
}

export async function waitReady(p: ServerProcess, timeoutMs = 90_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (p.child.exitCode !== null)
      throw new Error(`server exited with ${p.child.exitCode}:\n${p.output.join('')}`);
    try {
      const res = await fetch(`${p.base}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`server not ready in time:\n${p.output.join('')}`);
}

export async function stopProcess(p: ServerProcess | undefined) {
  if (!p || p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  const timeout = sleep(10_000).then(() => 'timeout');
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    p.child.kill('SIGKILL');
    await exited;
  }
}

/** A browser over real HTTP: one cookie jar and CSRF token, used against any of the processes. */
export class Browser {
  cookies = new Map<string, string>();
  csrf: string | null = null;

  async request<T = Record<string, unknown>>(
    p: ServerProcess,
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = { origin: p.base, ...extra };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${p.base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      const expired =
        value === '' ||
        attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    return {
      status: res.status,
      body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T,
    };
  }

  async refresh(p: ServerProcess) {
    this.csrf = (await this.request<{ csrfToken: string }>(p, 'GET', '/api/session')).body.csrfToken;
  }

  async signIn(p: ServerProcess, email: string, password = 'accompany-demo') {
    await this.refresh(p);
    const res = await this.request<{ status?: string; code?: string }>(p, 'POST', '/api/auth/sign-in', {
      email,
      password,
    });
    await this.refresh(p);
    return res;
  }
}
