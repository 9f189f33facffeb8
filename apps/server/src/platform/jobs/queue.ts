import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.js';

export interface JobRow {
  id: string;
  tenantId: string;
  queue: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/** A job to insert with others in one statement (see `JobQueue.insertMany`). */
export interface NewJob {
  queue: string;
  payload: Record<string, unknown>;
  /** Now when absent. */
  runAt?: Date;
  maxAttempts?: number;
}

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * A job queue in PostgreSQL (the same SQL on PGlite): jobs are rows, claimed with
 * FOR UPDATE SKIP LOCKED so any number of worker processes can share them. Enqueueing
 * inside a service's transaction means a job exists exactly when its cause committed.
 */
export class JobQueue {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly db: Db) {}

  async enqueue(
    tx: Tx,
    tenantId: string,
    queue: string,
    payload: Record<string, unknown>,
    options: EnqueueOptions = {},
  ) {
    const row = await tx
      .insertInto('jobs')
      .values({
        tenant_id: tenantId,
        queue,
        payload: JSON.stringify(payload),
        run_at: options.runAt ?? sql<Date>`now()`,
        ...(options.maxAttempts ? { max_attempts: options.maxAttempts } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.wakeSoon();
    return row.id;
  }

  /**
   * One insert for several jobs, not yet run: the caller executes it (alone, or with its other
   * writes in one statement) and calls `wakeSoon` when a job is due now.
   */
  insertMany(tx: Tx, tenantId: string, jobs: readonly NewJob[]) {
    return tx.insertInto('jobs').values(
      jobs.map((j) => ({
        tenant_id: tenantId,
        queue: j.queue,
        payload: JSON.stringify(j.payload),
        run_at: j.runAt ?? sql<Date>`now()`,
        ...(j.maxAttempts ? { max_attempts: j.maxAttempts } : {}),
      })),
    );
  }

  /** Wakes an in-process worker soon after the enqueueing transaction has committed. */
  wakeSoon() {
    setTimeout(() => this.listeners.forEach((l) => l()), 20);
  }

  onEnqueue(listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Claims up to `limit` due jobs; a claim expires after `leaseSeconds` (a crashed worker's jobs return). */
  async claim(queues: string[], limit: number, leaseSeconds = 300): Promise<JobRow[]> {
    if (queues.length === 0 || limit <= 0) return [];
    // A job whose lease ran out on its last attempt crashed its worker every time: it goes
    // to the dead-letter list instead of being reclaimed forever.
    await sql`
      update jobs set status = 'dead', finished_at = now(), locked_until = null,
             last_error = coalesce(last_error, 'The worker stopped while running it (lease expired)')
      where status = 'active' and locked_until < now() and attempts >= max_attempts
        and queue = any(${queues}::text[])`.execute(this.db);
    const rows = await sql<{
      id: string;
      tenant_id: string;
      queue: string;
      payload: Record<string, unknown>;
      attempts: number;
      max_attempts: number;
    }>`
      update jobs set status = 'active', attempts = attempts + 1,
             locked_until = now() + make_interval(secs => ${leaseSeconds})
      where id in (
        select id from jobs
        where queue = any(${queues}::text[]) and run_at <= now()
          and (status = 'queued' or (status = 'active' and locked_until < now() and attempts < max_attempts))
        order by run_at
        limit ${limit}
        for update skip locked)
      returning id, tenant_id, queue, payload, attempts, max_attempts`.execute(this.db);
    return rows.rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      queue: r.queue,
      payload: r.payload,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
    }));
  }

  async complete(id: string) {
    await this.db
      .updateTable('jobs')
      .set({ status: 'done', finished_at: sql`now()`, locked_until: null, last_error: null })
      .where('id', '=', id)
      .execute();
  }

  /** Retries with exponential back-off; past max attempts the job goes to the dead-letter list. */
  async fail(job: JobRow, error: string) {
    const dead = job.attempts >= job.maxAttempts;
    const delaySeconds = Math.min(3600, 5 * 2 ** (job.attempts - 1));
    await this.db
      .updateTable('jobs')
      .set({
        status: dead ? 'dead' : 'queued',
        last_error: error.slice(0, 1000),
        locked_until: null,
        run_at: dead ? sql`run_at` : sql`now() + make_interval(secs => ${delaySeconds})`,
        finished_at: dead ? sql`now()` : null,
      })
      .where('id', '=', job.id)
      .execute();
  }

  /** Done jobs are kept a week for inspection, then removed. */
  async prune() {
    await this.db
      .deleteFrom('jobs')
      .where('status', '=', 'done')
      .where('finished_at', '<', sql<Date>`now() - interval '7 days'`)
      .execute();
  }
}
