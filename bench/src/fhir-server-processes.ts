import cluster, { type Worker } from 'node:cluster';

/**
 * Several processes of the FHIR benchmark's server (node:cluster: the workers share the port).
 * The primary only forks and stops them, and sums their database round trips when one asks,
 * since each counts its own.
 */
type Message =
  | { type: 'count?'; ask: number }
  | { type: 'count-request'; id: number }
  | { type: 'count'; id: number; n: number }
  | { type: 'count-sum'; ask: number; n: number };

export async function forkWorkers(n: number): Promise<void> {
  let stopping = false;
  let nextId = 0;
  const pending = new Map<number, { from: Worker; ask: number; left: number; sum: number }>();
  const workers = Array.from({ length: n }, () => cluster.fork());
  for (const worker of workers) {
    worker.on('message', (m: Message) => {
      if (m.type === 'count?') {
        const id = nextId++;
        pending.set(id, { from: worker, ask: m.ask, left: workers.length, sum: 0 });
        for (const w of workers) w.send({ type: 'count-request', id } satisfies Message);
      } else if (m.type === 'count') {
        const p = pending.get(m.id);
        if (!p) return;
        p.sum += m.n;
        if (--p.left === 0) {
          pending.delete(m.id);
          p.from.send({ type: 'count-sum', ask: p.ask, n: p.sum } satisfies Message);
        }
      }
    });
    worker.on('exit', (code) => {
      if (stopping) return;
      console.error(`a server process exited (${code})`);
      process.exit(1);
    });
  }
  const exits = workers.map((w) => new Promise<void>((done) => w.once('exit', () => done())));
  process.on('SIGTERM', () => {
    stopping = true;
    for (const w of workers) w.kill('SIGTERM');
    void Promise.all(exits).then(() => process.exit(0));
  });
}

/** In a worker: answers the primary with this process's count when asked. */
export function answerCounts(count: () => number): void {
  process.on('message', (m: Message) => {
    if (m.type === 'count-request') process.send?.({ type: 'count', id: m.id, n: count() } satisfies Message);
  });
}

let nextAsk = 0;

/** In a worker: the sum of every worker's count. */
export function countAcrossWorkers(): Promise<number> {
  const ask = nextAsk++;
  return new Promise((resolve) => {
    const listen = (m: Message) => {
      if (m.type !== 'count-sum' || m.ask !== ask) return;
      process.off('message', listen);
      resolve(m.n);
    };
    process.on('message', listen);
    process.send?.({ type: 'count?', ask } satisfies Message);
  });
}
