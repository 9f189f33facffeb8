import autocannon from 'autocannon';
import { ownCpuSeconds, treeCpuSeconds } from './cpu.js';

/** Something to put load on, with the same autocannon settings for every target of a figure. */
export interface Target {
  name: string;
  url: string;
  connections: number;
  requests: autocannon.Request[];
  /** Process trees whose CPU time is charged to this target's requests, by label. */
  processes: Record<string, () => number>;
}

export interface Plan {
  runs: number;
  seconds: number;
  warmupSeconds: number;
}

export interface Measurement {
  target: Target;
  /** Requests per second of each measured run (the warm-up run is not among them). */
  rps: number[];
  /** Latency in milliseconds of every measured response, sorted. */
  latencies: number[];
  responses: number;
  /** CPU seconds per process label over the measured runs, plus 'load generator'. */
  cpuSeconds: Record<string, number>;
}

const LOAD_GENERATOR = 'load generator';

async function runOnce(target: Target, seconds: number) {
  const latencies: number[] = [];
  const instance = autocannon({
    url: target.url,
    connections: target.connections,
    duration: seconds,
    requests: target.requests,
    timeout: 30,
  });
  instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await instance;
  // A benchmark of error pages measures nothing: any failure stops the whole run.
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || result['2xx'] === 0) {
    const codes = Object.entries(result.statusCodeStats)
      .map(([code, { count }]) => `${code}×${count}`)
      .join(', ');
    throw new Error(
      `${target.name} at ${target.url}: ${result.non2xx} non-2xx responses (${codes || 'none'}), ` +
        `${result.errors} errors, ${result.timeouts} timeouts, ${result['2xx']} successes`,
    );
  }
  return { rps: result.requests.average, latencies, responses: result['2xx'] };
}

function cpuSnapshot(target: Target): Record<string, number> {
  const snapshot: Record<string, number> = { [LOAD_GENERATOR]: ownCpuSeconds() };
  for (const [label, pid] of Object.entries(target.processes)) snapshot[label] = treeCpuSeconds(pid());
  return snapshot;
}

/**
 * Runs every target once as a discarded warm-up, then `plan.runs` times, alternating the
 * targets run by run so that both see the same machine (same thermal state, same noisy
 * neighbours) and their ratio is fair.
 */
export async function measure(targets: Target[], plan: Plan): Promise<Measurement[]> {
  for (const target of targets) {
    process.stdout.write(`  warm-up ${target.name} (${plan.warmupSeconds} s, discarded)\n`);
    await runOnce(target, plan.warmupSeconds);
  }
  const measurements: Measurement[] = targets.map((target) => ({
    target,
    rps: [],
    latencies: [],
    responses: 0,
    cpuSeconds: {},
  }));
  for (let run = 1; run <= plan.runs; run++) {
    for (const m of measurements) {
      const before = cpuSnapshot(m.target);
      const result = await runOnce(m.target, plan.seconds);
      const after = cpuSnapshot(m.target);
      for (const [label, seconds] of Object.entries(after)) {
        m.cpuSeconds[label] = (m.cpuSeconds[label] ?? 0) + seconds - (before[label] ?? Number.NaN);
      }
      m.rps.push(result.rps);
      for (const ms of result.latencies) m.latencies.push(ms);
      m.responses += result.responses;
      process.stdout.write(`  run ${run}/${plan.runs} ${m.target.name}: ${Math.round(result.rps)} req/s\n`);
    }
  }
  for (const m of measurements) m.latencies.sort((a, b) => a - b);
  return measurements;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Nearest-rank percentile of sorted values. */
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
