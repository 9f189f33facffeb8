/**
 * Several API processes on one port, without a process manager (API_PROCESSES > 1).
 *
 * Node runs JavaScript on one thread, so one process uses at most one core. node:cluster forks
 * copies of the server that share the listening socket; connections are spread among them. Any
 * copy can serve any request because everything shared (sessions, rate limits, OAuth records,
 * jobs claimed with SKIP LOCKED) lives in PostgreSQL. The primary does the once-only start work
 * before forking (see main.ts), then only supervises: it never listens or runs jobs itself.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';

/**
 * Set in the environment of every forked process: the primary already made the demo data,
 * which must not be made by several processes at once.
 */
export const ONCE_ONLY_DONE_ENV = 'ACCOMPANY_ONCE_ONLY_DONE';

export const isForkedProcess = () => cluster.isWorker;
export const onceOnlyWorkDone = () => cluster.isWorker && process.env[ONCE_ONLY_DONE_ENV] === '1';

/** A process that dies sooner than this after its start counts as failing to start. */
const QUICK_DEATH_MS = 10_000;
/** This many quick deaths in a row and the primary gives up instead of forking forever. */
const QUICK_DEATHS_LIMIT = 5;
const backoffMs = (quickDeaths: number) => Math.min(10_000, 125 * 2 ** quickDeaths);

export interface SupervisorOptions {
  processes: number;
  shutdownTimeoutMs: number;
  log: Logger;
  /** Called once, when every process listens for the first time, with the port they share. */
  onListening(port: number): void;
}

/** Forks the server processes, replaces any that die, and stops them all on SIGTERM/SIGINT. */
export function superviseProcesses(options: SupervisorOptions): void {
  const { processes, log } = options;
  /** The live server processes and when each started (cluster.workers may lag behind exits). */
  const running = new Map<number, { worker: Worker; startedAt: number }>();
  const restarts = new Set<NodeJS.Timeout>();
  const listening = new Set<number>();
  let announced = false;
  let quickDeaths = 0;
  let stopping = false;
  let failed = false;

  const fork = () => {
    const worker = cluster.fork({ [ONCE_ONLY_DONE_ENV]: '1' });
    running.set(worker.id, { worker, startedAt: Date.now() });
  };

  cluster.on('listening', (worker, address) => {
    listening.add(worker.id);
    if (!announced && listening.size >= processes) {
      announced = true;
      options.onListening(address.port);
    }
  });

  cluster.on('exit', (worker: Worker, code, signal) => {
    const listened = listening.delete(worker.id);
    const lived = Date.now() - (running.get(worker.id)?.startedAt ?? 0);
    running.delete(worker.id);
    if (stopping) {
      // One still starting has nothing to drain yet, so SIGTERM ends it at once: that is clean too.
      const clean = code === 0 || (signal === 'SIGTERM' && !listened);
      if (!clean) failed = true;
      if (running.size === 0) process.exit(failed ? 1 : 0);
      return;
    }
    quickDeaths = lived < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
    if (quickDeaths >= QUICK_DEATHS_LIMIT) {
      log.error(
        { pid: worker.process.pid, code, signal, quickDeaths },
        'server processes keep dying right after they start; giving up',
      );
      stop(1);
      return;
    }
    const wait = backoffMs(quickDeaths);
    log.error(
      { pid: worker.process.pid, code, signal, restartInMs: wait },
      'server process died; replacing it',
    );
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork();
    }, wait);
    restarts.add(timer);
  });

  /** Each process drains its requests and jobs on SIGTERM; the primary waits for all of them. */
  const stop = (exitCode: 0 | 1) => {
    if (stopping) return;
    stopping = true;
    if (exitCode) failed = true;
    for (const timer of restarts) clearTimeout(timer);
    if (running.size === 0) process.exit(failed ? 1 : 0);
    for (const { worker } of running.values()) worker.process.kill('SIGTERM');
    // Each process exits by itself after its own SHUTDOWN_TIMEOUT_MS; this is the last resort.
    const force = setTimeout(() => {
      log.error('server processes did not stop in time; killing them');
      for (const { worker } of running.values()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, options.shutdownTimeoutMs + 2_000);
    force.unref();
  };

  const onSignal = (signal: string) => {
    log.info({ signal, processes }, 'shutting down: each process finishes its requests and jobs');
    stop(0);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  for (let i = 0; i < processes; i++) fork();
}
