// The prose of docs/benchmarks.md that explains the figures, with this run's numbers in it.

import { find, int, ms, pct, ratio, rps, type DatabaseSection } from './format.js';
import type { Measurement } from './load.js';
import { BARE, FLOOR, PROFILE } from './scenarios/profile.js';
import { SIGN_IN } from './scenarios/sign-in.js';

/** CPU time per response of each process tree measured with a figure. */
function cpuLine(m: Measurement, unit: 'µs' | 'ms'): string {
  return Object.entries(m.cpuSeconds)
    .map(([label, seconds]) => {
      const us = (seconds / m.responses) * 1e6;
      return unit === 'µs' ? `${label} ${int(us)} µs` : `${label} ${ms(us / 1000)} ms`;
    })
    .join(', ');
}

export function signInNote(sections: DatabaseSection[]): string[] {
  const first = sections[0]!;
  const lines = [
    '### Sign-in is slow on purpose',
    '',
    `Passwords are stored as argon2id hashes (19 MiB, 2 passes: OWASP's baseline). One check, timed alone on this machine, takes **${ms(first.argon2VerifyMs)} ms**, so one core checks at most about ${int(1000 / first.argon2VerifyMs)} passwords per second. That cost is the point: it makes a stolen password table expensive to guess through. It, not the HTTP stack, sets the sign-in figures. CPU time per sign-in:`,
    '',
  ];
  for (const s of sections) {
    for (const m of s.measurements.filter((x) => x.target.name.startsWith(SIGN_IN))) {
      lines.push(`- ${s.label}, ${m.target.name}: ${cpuLine(m, 'ms')}`);
    }
  }
  const measured = sections[0]?.measurements.find((m) => m.target.name === SIGN_IN);
  const serverCpu = Object.entries(measured?.cpuSeconds ?? {}).find(([label]) =>
    label.startsWith('server'),
  )?.[1];
  if (measured && serverCpu !== undefined) {
    lines.push(
      '',
      `Under load the server spends ${ms((serverCpu / measured.responses) * 1000)} ms of CPU per sign-in against ${ms(first.argon2VerifyMs)} ms for a check alone: argon2id is memory-hard, and checks running at the same time compete for memory bandwidth and cache.`,
    );
  }
  lines.push(
    '',
    'A sign-in is one transaction: a read of the per-address rate-limit counter, the user row locked `FOR UPDATE` (so that concurrent guesses are counted one by one), the argon2id check, the new session row, and the counter upsert last. The load cycles through the demo patients, since sign-ins of one account queue on its row lock.',
    '',
    'Every request comes from 127.0.0.1, so the server runs with `SIGN_IN_IP_LIMIT=1000000`; with the default (100 attempts per address per 15 minutes) it would answer 429 after the first hundred, as it should. The "many client addresses" variant sends each sign-in with another address in `X-Forwarded-For` (the server runs with `TRUST_PROXY=true`, which changes nothing for requests without that header). The limit is checked before the password and counted after it, so the counter row of an address is locked only for the last statements of a sign-in; the ratio between the two variants shows what one shared address still costs.',
  );
  return lines;
}

export function timeNote(sections: DatabaseSection[]): string[] {
  const lines = [
    '### Where the time goes',
    '',
    'The bare route parses the request and serializes `{"hello":"world"}`. Each `GET /api/me/profile` adds the security headers, the cookie parser, the metrics hook, Kysely, and one database transaction of seven round trips:',
    '',
    '1. `BEGIN`;',
    "2. `select set_config('app.tenant_id', …), set_config('role', 'accompany_app', …)`: row-level security confines everything that follows to the tenant (the tenant itself comes from a 30-second in-memory cache);",
    '3. the session lookup (`sessions` joined to `users`, by token hash);',
    '4. the user row;',
    '5. the patient row;',
    '6. the audit record of that read (`insert into audit_events`): every read of patient data is recorded, in the same transaction;',
    '7. `COMMIT`, which on PostgreSQL waits for the WAL flush of the audit record.',
    '',
    '"Fastify + plain pg, 7 round trips" is the floor for that shape: the same number of round trips with trivial statements and one durable insert, and none of the application. The distance from the bare route to the floor is the price of the round trips on this machine; the distance from the floor to the real route is the application.',
    '',
    'CPU time per response, from the process trees during the measured runs (the load generator shares the same CPUs):',
    '',
  ];
  for (const s of sections) {
    for (const m of s.measurements.filter((x) => !x.target.name.startsWith(SIGN_IN))) {
      lines.push(`- ${m.target.name === BARE ? 'none' : s.label}, ${m.target.name}: ${cpuLine(m, 'µs')}`);
    }
  }
  const pg = sections.find((s) => s.kind === 'postgres');
  const [floor, bare] = pg ? [find(pg, FLOOR), find(pg, BARE)] : [];
  if (floor && bare && rps(floor) / rps(bare) < 0.5) {
    lines.push(
      '',
      `On this machine the floor itself reaches ${pct(rps(floor) / rps(bare))} of the bare route, so no route that makes seven database round trips can meet the 50 % target here, however lean its code. The share the application controls is the route against the floor (${ratio(pg && find(pg, PROFILE), floor)}).`,
    );
  }
  lines.push(
    '',
    "PGlite is PostgreSQL compiled to WebAssembly inside the server process: one connection, so transactions run one after another, and the database work shares the server's thread. Its figures show what the one-command demo set-up can take, not how the product scales; the PostgreSQL figures are the production shape.",
  );
  return lines;
}
