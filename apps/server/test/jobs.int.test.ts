import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant, openDatabase, type DatabaseHandle, type Db } from '../src/platform/db/database.js';
import { JobQueue, type JobRow } from '../src/platform/jobs/queue.js';
import { Worker, type JobHandler } from '../src/platform/jobs/worker.js';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';

const silent = pino({ level: 'silent' });
let server: TestServer;
let db: Db;
let queue: JobQueue;
let admin: TestClient;
const workers: Worker[] = [];
const extraHandles: DatabaseHandle[] = [];

beforeAll(async () => {
  server = await startTestServer();
  db = server.runtime.database.db;
  queue = server.runtime.platform.jobs;
  admin = new TestClient(server.app);
  await enrolStaff(admin, 'admin@riverside.example');
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await Promise.all(extraHandles.map((h) => h.close()));
  await server?.close();
});

/** A worker for test queues only; the runtime's own worker never claims them. */
function testWorker(
  handlers: Record<string, JobHandler>,
  options = { concurrency: 4, pollMs: 60_000 },
  on = queue,
) {
  const w = new Worker(on, handlers, silent, options);
  workers.push(w);
  return w;
}

const enqueue = (name: string, payload: Record<string, unknown> = {}, maxAttempts?: number) =>
  inTenant(db, server.tenantId, (tx) =>
    queue.enqueue(tx, server.tenantId, name, payload, maxAttempts ? { maxAttempts } : {}),
  );

async function jobRow(id: string) {
  const r = await sql<{
    status: string;
    attempts: number;
    last_error: string | null;
    due_in: number;
    finished: boolean;
  }>`
    select status, attempts, last_error, extract(epoch from run_at - now())::float8 as due_in, finished_at is not null as finished
    from jobs where id = ${id}`.execute(db);
  return r.rows[0]!;
}

const makeDue = (id: string) =>
  db
    .updateTable('jobs')
    .set({ run_at: sql`now()` })
    .where('id', '=', id)
    .execute();

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('retries and the dead-letter list', () => {
  let deadId: string;
  let succeed = false;
  const attempts: number[] = [];

  it('retries a failing job with growing back-off, then moves it to the dead-letter list', async () => {
    const worker = testWorker({
      'test.flaky': async (job: JobRow) => {
        attempts.push(job.attempts);
        if (!succeed) throw new Error('upstream said no');
      },
    });
    worker.start();
    deadId = await enqueue('test.flaky', { ref: 'x' }, 3);

    await worker.drain();
    let row = await jobRow(deadId);
    expect(row).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: 'Error: upstream said no',
      finished: false,
    });
    expect(row.due_in).toBeGreaterThan(3); // 5 s after the first failure
    expect(row.due_in).toBeLessThanOrEqual(5);
    await worker.drain();
    expect(attempts).toEqual([1]); // not due yet: not run again

    await makeDue(deadId);
    await worker.drain();
    row = await jobRow(deadId);
    expect(row).toMatchObject({ status: 'queued', attempts: 2 });
    expect(row.due_in).toBeGreaterThan(8); // 10 s after the second
    expect(row.due_in).toBeLessThanOrEqual(10);

    await makeDue(deadId);
    await worker.drain();
    row = await jobRow(deadId);
    expect(row).toMatchObject({
      status: 'dead',
      attempts: 3,
      last_error: 'Error: upstream said no',
      finished: true,
    });
    await makeDue(deadId);
    await worker.drain();
    expect(attempts).toEqual([1, 2, 3]); // dead jobs are never claimed
  });

  it('shows the dead job to an admin, and to no one else', async () => {
    const res = await admin.get<{
      items: { id: string; queue: string; attempts: number; lastError: string; failedAt: string }[];
    }>('/api/staff/jobs/dead');
    expect(res.status).toBe(200);
    const dead = res.body.items.find((j) => j.id === deadId);
    expect(dead).toMatchObject({ queue: 'test.flaky', attempts: 3, lastError: 'Error: upstream said no' });
    expect(Date.parse(dead!.failedAt)).not.toBeNaN();

    const patient = new TestClient(server.app);
    await patient.signIn('selmer.jacobi@example.com');
    const denied = await patient.get<{ code: string }>('/api/staff/jobs/dead');
    expect(denied.status).toBe(403);
    expect((await patient.post<{ code: string }>(`/api/staff/jobs/${deadId}/retry`)).status).toBe(403);
    expect((await jobRow(deadId)).status).toBe('dead');
  });

  it('re-queues a dead job on retry, and it runs again', async () => {
    const retried = await admin.post(`/api/staff/jobs/${deadId}/retry`);
    expect(retried.status).toBe(204);
    const row = await jobRow(deadId);
    expect(row).toMatchObject({ status: 'queued', attempts: 0, finished: false });
    expect(row.due_in).toBeLessThanOrEqual(0);
    const listed = await admin.get<{ items: { id: string }[] }>('/api/staff/jobs/dead');
    expect(listed.body.items.map((j) => j.id)).not.toContain(deadId);

    succeed = true;
    await workers[0]!.drain();
    expect(await jobRow(deadId)).toMatchObject({ status: 'done', attempts: 1, finished: true });
    expect(attempts).toEqual([1, 2, 3, 1]);
    // Only dead jobs can be retried.
    expect((await admin.post<{ code: string }>(`/api/staff/jobs/${deadId}/retry`)).status).toBe(404);
  });
});

describe('several workers on one database', () => {
  it('never runs the same job twice: 50 jobs, two workers, 50 runs', async () => {
    // On PostgreSQL the second worker has its own connection pool, like another process.
    let otherQueue = queue;
    if (server.databaseUrl) {
      const handle = await openDatabase({ databaseUrl: server.databaseUrl, poolSize: 4 });
      extraHandles.push(handle);
      otherQueue = new JobQueue(handle.db);
    }
    const runs = new Map<string, number>();
    const byWorker = { a: 0, b: 0 };
    const handler =
      (name: 'a' | 'b'): JobHandler =>
      async (job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        byWorker[name]++;
        await sleep(Math.random() * 10);
      };
    const a = testWorker({ 'test.count': handler('a') }, { concurrency: 4, pollMs: 20 });
    const b = testWorker({ 'test.count': handler('b') }, { concurrency: 4, pollMs: 20 }, otherQueue);
    const ids = await inTenant(db, server.tenantId, async (tx) => {
      const made: string[] = [];
      for (let i = 0; i < 50; i++) made.push(await queue.enqueue(tx, server.tenantId, 'test.count', { i }));
      return made;
    });
    a.start();
    b.start();
    await until(async () => {
      const r = await db
        .selectFrom('jobs')
        .select(db.fn.countAll<number>().as('n'))
        .where('queue', '=', 'test.count')
        .where('status', '=', 'done')
        .executeTakeFirstOrThrow();
      return Number(r.n) === 50;
    }, '50 jobs done');
    await Promise.all([a.stop(), b.stop()]);
    expect(runs.size).toBe(50);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(runs.keys())).toEqual(new Set(ids));
    expect(byWorker.a + byWorker.b).toBe(50);
    expect(byWorker.a).toBeGreaterThan(0);
    expect(byWorker.b).toBeGreaterThan(0);
  });

  it('hands a job whose worker died back out once its lease runs out', async () => {
    const id = await enqueue('test.lease');
    const [first] = await queue.claim(['test.lease'], 1, 1);
    expect(first?.id).toBe(id);
    expect(await queue.claim(['test.lease'], 1, 1)).toEqual([]); // leased: nobody else gets it
    await sleep(1100);
    const [again] = await queue.claim(['test.lease'], 1, 60);
    expect(again).toMatchObject({ id, attempts: 2 });
    await queue.complete(id);
  });

  it('sends a job that kills its worker on every attempt to the dead-letter list', async () => {
    const id = await enqueue('test.crash', {}, 2);
    for (let attempt = 1; attempt <= 2; attempt++) {
      const [claimed] = await queue.claim(['test.crash'], 1, 1);
      expect(claimed).toMatchObject({ id, attempts: attempt });
      await sleep(1100); // the worker "died": its lease runs out
    }
    expect(await queue.claim(['test.crash'], 1, 60)).toEqual([]);
    const row = await jobRow(id);
    expect(row.status).toBe('dead');
    expect(row.last_error).toMatch(/lease expired/);
  });
});

describe('stopping a worker', () => {
  it('waits for the job in flight to finish', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    let finished = false;
    const worker = testWorker({
      'test.slow': async () => {
        started();
        await sleep(300);
        finished = true;
      },
    });
    worker.start();
    const id = await enqueue('test.slow');
    await running;
    const t0 = Date.now();
    await worker.stop();
    expect(finished).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    expect((await jobRow(id)).status).toBe('done');
  });

  it('also waits for a job claimed while it was being stopped', async () => {
    let finished = false;
    const id = await enqueue('test.slow2');
    await sleep(50); // let the enqueue's wake-up call pass before this worker listens
    const worker = testWorker({
      'test.slow2': async () => {
        await sleep(100);
        finished = true;
      },
    });
    worker.start();
    void worker.poll(); // claiming now...
    await worker.stop(); // ...and stopped before the claim returns
    expect(finished).toBe(true);
    expect((await jobRow(id)).status).toBe('done');
  });

  it('claims nothing once stopped', async () => {
    const worker = testWorker({ 'test.after-stop': async () => {} });
    worker.start();
    await worker.stop();
    const id = await enqueue('test.after-stop');
    await worker.poll();
    await sleep(100);
    expect((await jobRow(id)).status).toBe('queued');
  });
});
