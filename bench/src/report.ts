import { find, int, ms, ratio, rps, type DatabaseSection, type Environment } from './format.js';
import { percentile, type Measurement } from './load.js';
import { signInNote, timeNote } from './report-notes.js';
import { BARE, FLOOR, PROFILE } from './scenarios/profile.js';
import { SIGN_IN } from './scenarios/sign-in.js';

export type { DatabaseSection, Environment } from './format.js';

const HEADER = [
  'Database',
  'Figure',
  'Conns',
  'req/s (median)',
  'runs min–max',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'responses',
];

function cells(section: DatabaseSection, m: Measurement): string[] {
  const low = Math.round(Math.min(...m.rps));
  const high = Math.round(Math.max(...m.rps));
  return [
    m.target.name === BARE ? 'none' : section.label,
    m.target.name,
    String(m.target.connections),
    int(rps(m)),
    `${int(low)}–${int(high)}`,
    ms(percentile(m.latencies, 50)),
    ms(percentile(m.latencies, 95)),
    ms(percentile(m.latencies, 99)),
    int(m.responses),
  ];
}

const allCells = (sections: DatabaseSection[]) =>
  sections.flatMap((s) => s.measurements.map((m) => cells(s, m)));

function ratioLines(sections: DatabaseSection[]): string[] {
  const lines: string[] = [];
  for (const s of sections) {
    const profile = find(s, PROFILE);
    const floor = find(s, FLOOR);
    const bare = find(s, BARE);
    lines.push(
      `${s.label}: authenticated JSON route / bare Fastify = ${ratio(profile, bare)} (target ≥ 50 %)`,
    );
    if (floor) {
      lines.push(`${s.label}: Fastify + plain pg (7 round trips) / bare Fastify = ${ratio(floor, bare)}`);
      lines.push(`${s.label}: authenticated JSON route / Fastify + plain pg = ${ratio(profile, floor)}`);
    }
    const many = find(s, `${SIGN_IN} (many client addresses)`);
    if (many)
      lines.push(
        `${s.label}: sign-in from many addresses / from one address = ${ratio(many, find(s, SIGN_IN))}`,
      );
  }
  const [pg, lite] = [sections.find((s) => s.kind === 'postgres'), sections.find((s) => s.kind === 'pglite')];
  if (pg && lite) {
    lines.push(
      `PGlite / PostgreSQL: sign-in ${ratio(find(lite, SIGN_IN), find(pg, SIGN_IN))}, authenticated JSON route ${ratio(find(lite, PROFILE), find(pg, PROFILE))}`,
    );
  }
  return lines;
}

/** The table printed at the end of a run. */
export function renderTable(sections: DatabaseSection[]): string {
  const lines = [HEADER, ...allCells(sections)];
  const widths = HEADER.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
  const format = (l: string[]) =>
    l.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    format(HEADER),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...allCells(sections).map(format),
    '',
    ...ratioLines(sections),
  ].join('\n');
}

/** CPU time per response of each process tree measured with a figure. */

export function renderMarkdown(env: Environment, sections: DatabaseSection[]): string {
  const { plan } = env;
  const table = [
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map((_, i) => (i < 2 ? ' --- |' : ' ---: |')).join('')}`,
    ...allCells(sections).map((c) => `| ${c.join(' | ')} |`),
  ];
  const busy = env.loadBefore > 0.5;
  return [
    '## Platform: sign-in and an authenticated route (`npm run bench`)',
    '',
    'Written by `npm run bench` (see `bench/`); each run rewrites this section. Figures from one machine are a baseline for comparing changes on that machine, not a capacity promise.',
    '',
    '| | |',
    '| --- | --- |',
    `| Date | ${env.date.toISOString().replace('T', ' ').slice(0, 16)} UTC |`,
    `| Node | ${env.node} |`,
    `| CPUs | ${env.cpus} × ${env.cpuModel}; the server, the database and the load generator share them |`,
    `| Load average before the run | ${env.loadBefore.toFixed(2)}${busy ? ' (other work was running: figures are lower and noisier than on an idle machine)' : ''} |`,
    `| Databases | ${sections.map((s) => s.label).join('; ')} |`,
    `| Method | autocannon, keep-alive connections; per figure a discarded ${plan.warmupSeconds} s warm-up, then ${plan.runs} runs of ${plan.seconds} s; the route and its baselines alternate run by run |`,
    '',
    'req/s is the median over the runs; latencies are percentiles over every response of those runs. Any non-2xx response, error or timeout fails the benchmark.',
    '',
    ...table,
    '',
    '### Ratios',
    '',
    ...ratioLines(sections).map((l) => `- ${l}`),
    '',
    ...signInNote(sections),
    '',
    ...timeNote(sections),
    '',
    '### Running it',
    '',
    "`npm run bench` takes about three minutes. It starts a throw-away PostgreSQL server in a temporary folder (its server binaries must be installed, as for the integration tests; as root it runs them as the `postgres` user) with PostgreSQL's default durability settings, then on each database the Accompany server as a child process with a fresh demo organization, and the baselines as another; it stops them all at the end. `BENCH_RUNS`, `BENCH_SECONDS` and `BENCH_WARMUP_SECONDS` change the plan.",
    '',
  ].join('\n');
}
