import type { Logger } from 'pino';
import type { JobQueue, JobRow } from './queue.js';
export type JobHandler = (job: JobRow) => Promise<void>;
/**
 * Polls the queue and runs handlers with bounded concurrency. stop() stops claiming and
 * waits for the jobs in flight, so a shutdown never abandons half-done work.
 */
export declare class Worker {
    private readonly queue;
    private readonly handlers;
    private readonly log;
    private readonly options;
    private running;
    private inFlight;
    private timer;
    private unsubscribe;
    /** The poll in progress: a second caller waits for it instead of seeing an empty worker mid-claim. */
    private polling;
    constructor(queue: JobQueue, handlers: Record<string, JobHandler>, log: Logger, options: {
        concurrency: number;
        pollMs: number;
    });
    start(): void;
    private schedule;
    /** Claims what fits in the free slots and runs it. Safe to call at any time. */
    poll(): Promise<void>;
    private claimAndRun;
    private run;
    /** Waits until nothing is queued or running (tests). */
    drain(timeoutMs?: number): Promise<void>;
    stop(): Promise<void>;
}
