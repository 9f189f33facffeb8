/**
 * API_PROCESSES=2: one real server (node apps/server/src/main.ts) whose primary forks two server
 * processes sharing the port (node:cluster), on one PostgreSQL database. Needs PostgreSQL, so it
 * runs in the PostgreSQL pass only (vitest.config.ts leaves *two-process files out of the PGlite
 * pass); run alone without TEST_DATABASE_URL, it fails rather than passing vacuously.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from './harness.js';
import {
  Browser,
  sharedDatabase,
  startProcess,
  stopProcess,
  waitReady,
  type ServerProcess,
  type SharedDatabase,
} from './server-process.js';

const SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Pids of the live server processes whose parent is `pid`, read from /proc. (The primary has
 * other children too, such as the TypeScript loader's compiler service.)
 */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses, so split after the last ')'.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== pid || state === 'Z') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('apps/server/src/main.ts'))
        children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children.sort((a, b) => a - b);
}

const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
};

/** A GET on a connection of its own (no keep-alive), so the cluster hands each to the next process. */
function freshGet(base: string, path: string, cookie?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${base}${path}`, { agent: false, headers: cookie ? { cookie } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('API_PROCESSES=2: one primary, two server processes on one port', () => {
  if (!onPostgres()) throw new Error('Set TEST_DATABASE_URL (scripts/postgres.sh starts a server)');
  let server: ServerProcess;
  let shared: SharedDatabase | undefined;
  let db: pg.Client;

  beforeAll(async () => {
    shared = await sharedDatabase('accompany-api-processes-');
    db = shared.db;
    server = await startProcess(shared.databaseUrl, shared.dataDir, {
      API_PROCESSES: '2',
      DEMO_DATA: 'true',
      LOG_LEVEL: 'error',
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    await waitReady(server);
    // /readyz answers as soon as the first process listens; the banner waits for both.
    await waitFor('the start banner', () =>
      server.output.join('').includes('Accompany is running at') ? true : undefined,
    );
  });

  afterAll(async () => {
    await stopProcess(server);
    await shared?.close();
  });

  it('answers /readyz and runs exactly two server processes under the primary, announced once', async () => {
    expect((await freshGet(server.base, '/readyz')).status).toBe(200);
    const workers = childrenOf(server.child.pid!);
    expect(workers).toHaveLength(2);
    expect(workers).not.toContain(server.child.pid);
    const output = server.output.join('');
    expect(output.match(/Accompany is running at/g)).toHaveLength(1);
    expect(output).toContain('2 API processes');
    expect(output).toMatch(/first patients: \S+@example\.com/);
  });

  it('made the demo organization exactly once', async () => {
    const tenants = await db.query<{ id: string; slug: string }>('select id, slug from tenants');
    expect(tenants.rows.map((t) => t.slug)).toEqual(['demo']);
    const tenantId = tenants.rows[0]!.id;
    const count = async (sql: string) => (await db.query<{ n: number }>(sql, [tenantId])).rows[0]!.n;
    expect(
      await count("select count(*)::int as n from users where tenant_id = $1 and role = 'patient'"),
    ).toBe(240);
    expect(
      await count("select count(*)::int as n from users where tenant_id = $1 and role <> 'patient'"),
    ).toBe(4);
    expect(await count('select count(*)::int as n from locations where tenant_id = $1')).toBe(4);
  });

  it('keeps a session across 20 requests, whichever process serves each, and both serve some', async () => {
    const b = new Browser();
    expect((await b.signIn(server, 'selmer.jacobi@example.com')).body).toMatchObject({ status: 'signed_in' });
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await freshGet(server.base, '/api/me/profile', cookie);
      expect(res.status).toBe(200);
      ids.add((JSON.parse(res.body) as { id: string }).id);
    }
    expect(ids.size).toBe(1);
    // /metrics is per process: a process that counts some but not all 20 proves the other served the rest.
    const served =
      /accompany_http_request_duration_seconds_count\{method="GET",route="\/api\/me\/profile",status="200"\} (\d+)/;
    const counts = new Set<number>();
    for (let i = 0; i < 4; i++) {
      const metrics = await freshGet(server.base, '/metrics');
      counts.add(Number(served.exec(metrics.body)?.[1] ?? 0));
    }
    for (const n of counts) {
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(20);
    }
    if (counts.size === 2) expect([...counts].reduce((a, b) => a + b, 0)).toBe(20);
  });

  it('replaces a server process that dies, and keeps answering', async () => {
    const [victim, survivor] = childrenOf(server.child.pid!);
    process.kill(victim!, 'SIGKILL');
    const replaced = await waitFor('a replacement process', () => {
      const now = childrenOf(server.child.pid!);
      return now.length === 2 && !now.includes(victim!) ? now : undefined;
    });
    expect(replaced).toContain(survivor);
    for (let i = 0; i < 4; i++) expect((await freshGet(server.base, '/readyz')).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
  });

  it('stops the primary and every server process with exit code 0 on SIGTERM, within the shutdown timeout', async () => {
    const workers = childrenOf(server.child.pid!);
    expect(workers).toHaveLength(2);
    const exited = new Promise<number | null>((r) => server.child.once('exit', (code) => r(code)));
    const started = Date.now();
    server.child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(SHUTDOWN_TIMEOUT_MS + 1_000).then(() => 'timeout')]);
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    await waitFor('the server processes to end', () => (workers.some(alive) ? undefined : true), 2_000);
  });
});

describe('API_PROCESSES=2 when the server processes cannot start', () => {
  if (!onPostgres()) throw new Error('Set TEST_DATABASE_URL (scripts/postgres.sh starts a server)');
  let shared: SharedDatabase | undefined;
  let taken: Server | undefined;

  afterAll(async () => {
    await new Promise((r) => (taken ? taken.close(r) : r(undefined)));
    await shared?.close();
  });

  it('gives up with a non-zero exit instead of replacing them forever', async () => {
    shared = await sharedDatabase('accompany-api-processes-failing-');
    // Another program holds the port: the primary starts fine, every server process fails to listen.
    taken = createServer();
    await new Promise<void>((r) => taken!.listen(0, '127.0.0.1', r));
    const port = (taken.address() as AddressInfo).port;
    const server = await startProcess(shared.databaseUrl, shared.dataDir, {
      API_PROCESSES: '2',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'error',
      PORT: String(port),
    });
    const code = await Promise.race([
      new Promise<number | null>((r) => server.child.once('close', (c) => r(c))),
      sleep(45_000).then(() => 'still running'),
    ]);
    await stopProcess(server);
    expect(code).toBe(1);
    expect(server.output.join('')).toContain('keep dying right after they start; giving up');
  });
});
