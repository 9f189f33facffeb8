import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { JobQueue, JobRow } from './queue.js';

export type JobHandler = (job: JobRow) => Promise<void>;

const processed = new Counter({
  name: 'accompany_jobs_total',
  help: 'Jobs finished, by queue and outcome',
  labelNames: ['queue', 'outcome'] as const,
});

/**
 * Polls the queue and runs handlers with bounded concurrency. stop() stops claiming and
 * waits for the jobs in flight, so a shutdown never abandons half-done work.
 */
export class Worker {
  private running = false;
  private inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** The poll in progress: a second caller waits for it instead of seeing an empty worker mid-claim. */
  private polling: Promise<void> | null = null;

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Record<string, JobHandler>,
    private readonly log: Logger,
    private readonly options: { concurrency: number; pollMs: number },
  ) {}

  start() {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.queue.onEnqueue(() => void this.poll());
    this.schedule();
  }

  private schedule() {
    if (!this.running) return;
    this.timer = setTimeout(async () => {
      await this.poll();
      this.schedule();
    }, this.options.pollMs);
  }

  /** Claims what fits in the free slots and runs it. Safe to call at any time. */
  poll(): Promise<void> {
    if (!this.running) return Promise.resolve();
    this.polling ??= this.claimAndRun().finally(() => (this.polling = null));
    return this.polling;
  }

  private async claimAndRun() {
    try {
      const free = this.options.concurrency - this.inFlight.size;
      const jobs = await this.queue.claim(Object.keys(this.handlers), free);
      // Claimed jobs run even if stop() was called meanwhile: stop() waits for them.
      for (const job of jobs) {
        const run = this.run(job).finally(() => this.inFlight.delete(run));
        this.inFlight.add(run);
      }
    } catch (error) {
      this.log.error(
        { errName: (error as Error).name, stack: (error as Error).stack?.split('\n').slice(1).join('\n') },
        'job polling failed',
      );
    }
  }

  private async run(job: JobRow) {
    const handler = this.handlers[job.queue]!;
    try {
      await handler(job);
      await this.queue.complete(job.id);
      processed.inc({ queue: job.queue, outcome: 'done' });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.log.warn({ jobId: job.id, queue: job.queue, attempt: job.attempts }, 'job failed');
      await this.queue.fail(job, message).catch(() => undefined);
      processed.inc({ queue: job.queue, outcome: job.attempts >= job.maxAttempts ? 'dead' : 'retry' });
    }
  }

  /** Waits until nothing is queued or running (tests). */
  async drain(timeoutMs = 10_000) {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      await this.poll();
      if (this.inFlight.size === 0) {
        await this.poll();
        if (this.inFlight.size === 0) return;
      }
      await Promise.race([...this.inFlight, new Promise((r) => setTimeout(r, 20))]);
    }
  }

  async stop() {
    this.running = false;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    // A claim in progress may still hand out jobs; wait for it, then for every job it started.
    await this.polling;
    await Promise.allSettled([...this.inFlight]);
  }
}
