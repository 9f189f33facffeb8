/**
 * Two real server processes (node apps/server/src/main.ts) on one PostgreSQL database: the
 * scale-out promise of the design. Sessions, lockout counters and jobs live in the database,
 * so what one process does, the other sees.
 *
 * It needs a PostgreSQL server, so it runs in the PostgreSQL pass of the integration tier
 * (scripts/test.sh starts one and sets TEST_DATABASE_URL; `npm test` always runs it). The
 * PGlite pass leaves this file out (vitest.config.ts): an embedded database belongs to one
 * process. Run alone without TEST_DATABASE_URL, it fails rather than passing vacuously.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from './harness.js';
import {
  Browser,
  startProcess as spawnServer,
  sharedDatabase,
  stopProcess,
  waitReady,
  type ServerProcess,
  type SharedDatabase,
} from './server-process.js';

/** The platform checks count failed sign-ins against a low lockout threshold. */
const startProcess = (databaseUrl: string, dataDir: string, env: Record<string, string>, entry?: string) =>
  spawnServer(databaseUrl, dataDir, { LOCKOUT_THRESHOLD: '3', ...env }, entry);

const PASSWORD = 'accompany-demo';

describe('two server processes on one PostgreSQL database', () => {
  if (!onPostgres()) throw new Error('Set TEST_DATABASE_URL (scripts/postgres.sh starts a server)');
  let one: ServerProcess;
  let two: ServerProcess;
  let shared: SharedDatabase | undefined;
  let db: pg.Client;

  beforeAll(async () => {
    shared = await sharedDatabase('accompany-two-process-');
    const { databaseUrl, dataDir } = shared;
    db = shared.db;
    // Both start at once: migrations take an advisory lock, and only the first makes demo data.
    one = await startProcess(databaseUrl, dataDir, { DEMO_DATA: 'true' });
    two = await startProcess(databaseUrl, dataDir, { DEMO_DATA: 'false' });
    await Promise.all([waitReady(one), waitReady(two)]);
  });

  afterAll(async () => {
    await Promise.all([stopProcess(one), stopProcess(two)]);
    await shared?.close();
  });

  it('a session made on one process works on the other, and signing out on the other ends it', async () => {
    const b = new Browser();
    expect((await b.signIn(one, 'selmer.jacobi@example.com', PASSWORD)).body).toMatchObject({
      status: 'signed_in',
    });
    const onOne = await b.request<{ id: string; email: string }>(one, 'GET', '/api/me/profile');
    const onTwo = await b.request<{ id: string; email: string }>(two, 'GET', '/api/me/profile');
    expect(onOne.status).toBe(200);
    expect(onTwo.status).toBe(200);
    expect(onTwo.body.id).toBe(onOne.body.id);

    const cookie = b.cookies.get('accompany_session')!;
    await b.refresh(two);
    expect((await b.request(two, 'POST', '/api/auth/sign-out')).status).toBe(204);
    const replay = new Browser();
    replay.cookies.set('accompany_session', cookie);
    expect((await replay.request(one, 'GET', '/api/me/profile')).status).toBe(401);
    expect((await replay.request(two, 'GET', '/api/me/profile')).status).toBe(401);
  });

  it('counts failed sign-ins across both processes: two on one and one on two lock the account on both', async () => {
    const email = 'clinician@riverside.example';
    const b = new Browser();
    await b.refresh(one);
    for (let i = 0; i < 2; i++) {
      const r = await b.request<{ code: string }>(one, 'POST', '/api/auth/sign-in', {
        email,
        password: 'wrong password!',
      });
      expect(r.body.code).toBe('invalid_credentials');
    }
    await b.refresh(two);
    const third = await b.request<{ code: string }>(two, 'POST', '/api/auth/sign-in', {
      email,
      password: 'wrong password!',
    });
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('account_locked');
    for (const p of [one, two]) {
      const right = await new Browser().signIn(p, email, PASSWORD);
      expect(right.status).toBe(429);
      expect(right.body.code).toBe('account_locked');
    }
  });

  it('delivers each email queued by one process exactly once while both run workers', async () => {
    const { rows } = await db.query<{ email: string }>(
      "select email from users where role = 'patient' order by email limit 8",
    );
    const b = new Browser();
    await b.refresh(one);
    for (const { email } of rows) {
      expect((await b.request(one, 'POST', '/api/auth/password-reset/request', { email })).status).toBe(202);
    }
    const emails = rows.map((r) => r.email);
    const end = Date.now() + 30_000;
    for (;;) {
      const sent = await db.query<{ n: number }>(
        "select count(*)::int as n from outbox where to_address = any($1) and status = 'sent'",
        [emails],
      );
      if (sent.rows[0]!.n === emails.length) break;
      if (Date.now() > end) throw new Error(`only ${sent.rows[0]!.n} of ${emails.length} mails were sent`);
      await sleep(100);
    }
    await sleep(500); // several poll rounds of both workers: a second delivery would show now
    const caught = await db.query<{ to_address: string; n: number }>(
      'select to_address, count(*)::int as n from caught_mail where to_address = any($1) group by to_address',
      [emails],
    );
    expect(Object.fromEntries(caught.rows.map((r) => [r.to_address, r.n]))).toEqual(
      Object.fromEntries(emails.map((e) => [e, 1])),
    );
    const jobs = await db.query<{ status: string; attempts: number }>(
      "select status, attempts from jobs where queue = 'email.deliver' and payload->>'outboxId' in (select id::text from outbox where to_address = any($1))",
      [emails],
    );
    expect(jobs.rows).toHaveLength(emails.length);
    expect(jobs.rows.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
  });
});

describe('an API process without workers, and `npm run worker` beside it', () => {
  if (!onPostgres()) throw new Error('Set TEST_DATABASE_URL (scripts/postgres.sh starts a server)');
  let api: ServerProcess;
  let worker: ServerProcess | undefined;
  let shared: SharedDatabase | undefined;
  let db: pg.Client;

  beforeAll(async () => {
    shared = await sharedDatabase('accompany-worker-process-');
    db = shared.db;
    api = await startProcess(shared.databaseUrl, shared.dataDir, { DEMO_DATA: 'true', RUN_WORKERS: 'false' });
    await waitReady(api);
  });

  afterAll(async () => {
    await Promise.all([stopProcess(api), stopProcess(worker)]);
    await shared?.close();
  });

  const outboxStatus = async (email: string) =>
    (await db.query<{ status: string }>('select status from outbox where to_address = $1', [email])).rows.map(
      (r) => r.status,
    );

  it('leaves mail queued until a worker process runs, which delivers it and stops cleanly on SIGTERM', async () => {
    const email = 'selmer.jacobi@example.com';
    const b = new Browser();
    await b.refresh(api);
    expect((await b.request(api, 'POST', '/api/auth/password-reset/request', { email })).status).toBe(202);
    await sleep(600); // several poll intervals: the API process must not deliver it itself
    expect(await outboxStatus(email)).toEqual(['pending']);

    worker = await startProcess(shared!.databaseUrl, shared!.dataDir, {}, 'apps/server/src/worker.ts');
    const end = Date.now() + 30_000;
    while ((await outboxStatus(email))[0] !== 'sent') {
      if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output.join('')}`);
      if (Date.now() > end)
        throw new Error(`the worker did not deliver the mail:\n${worker.output.join('')}`);
      await sleep(100);
    }
    const caught = await db.query<{ n: number }>(
      'select count(*)::int as n from caught_mail where to_address = $1',
      [email],
    );
    expect(caught.rows[0]!.n).toBe(1);

    const exited = new Promise<number | null>((r) => worker!.child.once('exit', (code) => r(code)));
    worker.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
