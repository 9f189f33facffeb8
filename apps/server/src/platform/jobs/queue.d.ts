import type { Db, Tx } from '../db/database.js';
export interface JobRow {
    id: string;
    tenantId: string;
    queue: string;
    payload: Record<string, unknown>;
    attempts: number;
    maxAttempts: number;
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
export declare class JobQueue {
    private readonly db;
    private readonly listeners;
    constructor(db: Db);
    enqueue(tx: Tx, tenantId: string, queue: string, payload: Record<string, unknown>, options?: EnqueueOptions): Promise<string>;
    onEnqueue(listener: () => void): () => boolean;
    /** Claims up to `limit` due jobs; a claim expires after `leaseSeconds` (a crashed worker's jobs return). */
    claim(queues: string[], limit: number, leaseSeconds?: number): Promise<JobRow[]>;
    complete(id: string): Promise<void>;
    /** Retries with exponential back-off; past max attempts the job goes to the dead-letter list. */
    fail(job: JobRow, error: string): Promise<void>;
    /** Done jobs are kept a week for inspection, then removed. */
    prune(): Promise<void>;
}
