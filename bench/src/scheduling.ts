/**
 * npm run bench:scheduling: on a throw-away PostgreSQL with 2,000 providers and a 90-day horizon,
 * - search with next-available (the service call behind GET /api/scheduling/search), p50/p95;
 * - one provider's 90 days of open slots (GET /api/scheduling/providers/:id/slots), p50/p95;
 * - booking under contention: concurrent bookers, two per slot, successful bookings per second,
 *   then a count that every live appointment has its own time (zero double bookings).
 * Calls the server's services in-process (no HTTP), so the figures are the scheduling work and
 * its SQL. Knobs: BENCH_PROVIDERS, BENCH_SEARCHES, BENCH_BOOKINGS, BENCH_CONCURRENCY, BENCH_POOL,
 * BENCH_HISTORY_WEEKS (past visits seeded first, scheduling-history.ts); BENCH_TRACE prints the
 * booking phase's round trips and table scans, and with BENCH_PG_STATEMENTS=1 its statements;
 * BENCH_PROFILE=<folder> writes its CPU profile.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { percentile } from './load.js';
import { repoRoot } from './paths.js';
import { startPostgres } from './postgres.js';
import { writeBenchSection } from './doc-section.js';
import { ownCpuSeconds, treeCpuSeconds } from './cpu.js';
import { countQueries } from './query-counter.js';
import { schedulingReport } from './scheduling-report.js';
import { seedVisitHistory } from './scheduling-history.js';
import { databaseTrace, resetStatements } from './pg-statements.js';
import { profilePhase } from './phase-profile.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the server's modules are loaded at run time */
type Module = Record<string, any>;
const serverModule = async (path: string): Promise<Module> =>
  (await import(pathToFileURL(join(repoRoot, 'apps/server/src', path)).href)) as Module;

const knob = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: expected a whole number ≥ 1`);
  return v;
};
const PROVIDERS = knob('BENCH_PROVIDERS', 2000);
const SEARCHES = knob('BENCH_SEARCHES', 300);
const BOOKINGS = knob('BENCH_BOOKINGS', 8000);
const CONCURRENCY = knob('BENCH_CONCURRENCY', 32);
const POOL = knob('BENCH_POOL', 10);
const HISTORY_WEEKS = knob('BENCH_HISTORY_WEEKS', 4);
/** Slots booked (two bookers each) before the measured round, on other times. */
const WARM_UP_SLOTS = 1000;
const DAY = 86_400_000;

/**
 * A full garbage collection before each measured phase, so that a phase pays for its own garbage
 * and not for the collection of what the set-up or the phase before it left behind.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const LOCATIONS = [
  ['Riverside Main Clinic', '1200 River Road', 'Sacramento', 'CA', '95814', 'America/Los_Angeles'],
  ['Eastside Family Medicine', '48 Union Street', 'Brooklyn', 'NY', '11231', 'America/New_York'],
  ['Lakeview Pediatrics', '907 Lakeshore Drive', 'Chicago', 'IL', '60611', 'America/Chicago'],
  ['Mesa Women’s Health', '3310 Camelback Road', 'Phoenix', 'AZ', '85018', 'America/Phoenix'],
] as const;

const SEARCH_MIX = [
  'reason=sore throat&zip=11215',
  'reason=dolor de garganta&zip=95816',
  'reason=annual physical&zip=60614&when=mornings',
  'reason=knee pain&zip=85016',
  'specialty=pediatrics&language=es',
  'reason=rash&insurance=medicaid&sort=soonest',
  'specialty=family_medicine&when=this_week&gender=female',
  'reason=ansiedad',
];

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), n: sorted.length };
};

async function main() {
  const started = Date.now();
  const { openDatabase, inTenant } = await serverModule('platform/db/database.ts');
  const { migrate } = await serverModule('platform/db/migrations.ts');
  const { JobQueue } = await serverModule('platform/jobs/queue.ts');
  const { Keyring } = await serverModule('platform/crypto/tokens.ts');
  const { generateDirectoryDemo } = await serverModule('modules/directory/directory.demo.ts');
  const { searchProviders, providerSlots } = await serverModule('modules/scheduling/search.service.ts');
  const { bookSlot } = await serverModule('modules/scheduling/booking.service.ts');
  const { openSlots } = await serverModule('modules/scheduling/slots.ts');
  const { loadSchedules, loadBusy, rulesOf } = await serverModule(
    'modules/scheduling/availability.service.ts',
  );
  const loadBefore = loadavg()[0] ?? 0;

  process.stdout.write('Starting a throw-away PostgreSQL server\n');
  const pg = await startPostgres();
  // The server's default pool (DATABASE_POOL_SIZE): more connections than cores only adds switching.
  const handle = await openDatabase({
    databaseUrl: process.env.BENCH_WIRE === 'tcp' ? pg.url : pg.socketUrl,
    poolSize: POOL,
  });
  try {
    await migrate(handle.db);
    const db = handle.db;
    const tenant = await db
      .insertInto('tenants')
      .values({ slug: 'bench', name: 'Bench Health', hostnames: [] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const tenantId: string = tenant.id;
    const patients: { patientId: string; userId: string }[] = [];
    let history = { visits: 0, cells: 0 };
    const setupStart = Date.now();
    await inTenant(db, tenantId, async (tx: any) => {
      await tx
        .insertInto('locations')
        .values(
          LOCATIONS.map(([name, line1, city, state, postal_code, time_zone]) => ({
            tenant_id: tenantId,
            name,
            line1,
            city,
            state,
            postal_code,
            time_zone,
          })),
        )
        .execute();
      await generateDirectoryDemo(tx, tenantId, { providers: PROVIDERS });
      const rows = await tx
        .insertInto('patients')
        .values(
          Array.from({ length: 1000 }, (_, i) => ({
            tenant_id: tenantId,
            mrn: `B${i}`,
            given_name: 'Bench',
            family_name: `Patient ${i}`,
            birth_date: '1980-01-01',
            email: null,
          })),
        )
        .returning('id')
        .execute();
      const users = await tx
        .insertInto('users')
        .values(
          rows.map((r: { id: string }, i: number) => ({
            tenant_id: tenantId,
            email: `p${i}@bench.example`,
            role: 'patient',
            given_name: 'Bench',
            family_name: `Patient ${i}`,
            patient_id: r.id,
          })),
        )
        .returning(['id', 'patient_id'])
        .execute();
      for (const u of users) patients.push({ patientId: u.patient_id, userId: u.id });
      history = await seedVisitHistory(tx, tenantId, { weeks: HISTORY_WEEKS, perDay: 2 });
    });
    await db
      .executeQuery({ sql: 'analyze', parameters: [], query: { kind: 'RawNode' } } as any)
      .catch(() => undefined);
    process.stdout.write(
      `Directory of ${PROVIDERS} providers with ${history.visits} past visits (${history.cells} cells) ready in ${((Date.now() - setupStart) / 1000).toFixed(1)} s\n`,
    );

    const platform = {
      config: { publicUrl: 'http://localhost:3000' },
      db,
      dbKind: 'postgres',
      keyring: new Keyring('bench-secret-that-is-long-enough-0123456789'),
      jobs: new JobQueue(db),
    };
    const scopeFor = (tx: any, actor: any) => ({
      tx,
      tenant: { id: tenantId, slug: 'bench', name: 'Bench Health' },
      actor,
      meta: { ip: null, userAgent: null, requestId: 'bench' },
    });
    const now = new Date();

    // Make the calendars realistic before measuring search: book through the service, a few
    // visits per provider over the next two weeks.
    const picks = await inTenant(db, tenantId, (tx: any) =>
      searchProviders(scopeFor(tx, null), { specialty: 'family_medicine', limit: 50 }, now),
    );
    const vt = picks.items[0].visitType.id;

    // 1. Search with next-available.
    collectGarbage();
    const searchMs: number[] = [];
    let resultCount = 0;
    for (let i = 0; i < SEARCHES; i++) {
      const criteria: Record<string, string> = Object.fromEntries(
        new URLSearchParams(SEARCH_MIX[i % SEARCH_MIX.length]!),
      );
      const t = performance.now();
      const res = await inTenant(db, tenantId, (tx: any) =>
        searchProviders(scopeFor(tx, null), criteria, now),
      );
      searchMs.push(performance.now() - t);
      resultCount += res.items.length;
    }
    const search = stats(searchMs.slice(Math.min(20, SEARCHES - 1)));

    // 2. One provider's 90 days of slots.
    const slotMs: number[] = [];
    let slotCount = 0;
    collectGarbage();
    const slotCounter = countQueries();
    const slotCpu0 = { own: ownCpuSeconds(), pg: treeCpuSeconds(pg.postmasterPid()) };
    const from = new Date(now.getTime() + DAY).toISOString().slice(0, 10);
    for (let i = 0; i < SEARCHES; i++) {
      const item = picks.items[i % picks.items.length];
      const t = performance.now();
      const res = await inTenant(db, tenantId, (tx: any) =>
        providerSlots(
          scopeFor(tx, null),
          { providerId: item.provider.id, locationId: item.location.id, visitTypeId: vt, from, days: 90 },
          now,
          { endsTransaction: true },
        ),
      );
      slotMs.push(performance.now() - t);
      slotCount = Math.max(slotCount, res.slots.length);
    }
    const slots = stats(slotMs.slice(Math.min(20, SEARCHES - 1)));
    const slotCpuMs = {
      own: ((ownCpuSeconds() - slotCpu0.own) * 1000) / SEARCHES,
      pg: ((treeCpuSeconds(pg.postmasterPid()) - slotCpu0.pg) * 1000) / SEARCHES,
    };
    const slotTrips = slotCounter.stop().total / SEARCHES;

    // 2b. The same 90 days, arithmetic only (schedule and busy time already in memory).
    const item0 = picks.items[0];
    const inputs = await inTenant(db, tenantId, async (tx: any) => {
      const [schedule] = await loadSchedules(tx, {
        providerIds: [item0.provider.id],
        locationId: item0.location.id,
      });
      const visitType = await tx
        .selectFrom('visit_types')
        .selectAll()
        .where('id', '=', vt)
        .executeTakeFirstOrThrow();
      const fromInstant = new Date(now.getTime() + DAY);
      const toInstant = new Date(fromInstant.getTime() + 90 * DAY);
      const busy =
        (await loadBusy(tx, [item0.provider.id], fromInstant, toInstant, now)).get(item0.provider.id) ?? [];
      return { schedule, visitType, fromInstant, toInstant, busy };
    });
    const mathMs: number[] = [];
    for (let i = 0; i < SEARCHES; i++) {
      const t = performance.now();
      openSlots({
        template: inputs.schedule.template,
        exceptions: inputs.schedule.exceptions,
        busy: inputs.busy,
        rules: rulesOf(inputs.visitType, inputs.schedule.dailyCap),
        zone: inputs.schedule.zone,
        now,
        from: inputs.fromInstant,
        to: inputs.toInstant,
      });
      mathMs.push(performance.now() - t);
    }
    const math = stats(mathMs.slice(Math.min(20, SEARCHES - 1)));

    // 3. Booking under contention: every slot is wanted by two bookers at once.
    const targets: { providerId: string; locationId: string; start: string }[] = [];
    for (const item of picks.items) {
      const res = await inTenant(db, tenantId, (tx: any) =>
        providerSlots(
          scopeFor(tx, null),
          { providerId: item.provider.id, locationId: item.location.id, visitTypeId: vt, from, days: 30 },
          now,
        ),
      );
      for (const s of res.slots)
        targets.push({ providerId: item.provider.id, locationId: item.location.id, start: s.start });
    }
    // Two bookers per slot; the warm-up books other slots first, so that the measured round runs
    // code the JIT compiler has already optimized (as a server that has been up a while does).
    const pairsOf = (slots: typeof targets) =>
      slots.flatMap((t, i) => [
        { ...t, who: patients[(2 * i) % patients.length]! },
        { ...t, who: patients[(2 * i + 1) % patients.length]! },
      ]);
    const wanted = targets.slice(0, Math.ceil(BOOKINGS / 2));
    const warmUp = pairsOf(targets.slice(wanted.length, wanted.length + WARM_UP_SLOTS));
    const attempts = pairsOf(wanted);
    const book = async (list: typeof attempts) => {
      const tally = { ok: 0, conflicts: 0, errors: 0 };
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < list.length) {
            const a = list[next++]!;
            try {
              await inTenant(db, tenantId, (tx: any) =>
                bookSlot(
                  scopeFor(tx, { userId: a.who.userId, role: 'patient', patientId: a.who.patientId }),
                  platform,
                  {
                    providerId: a.providerId,
                    locationId: a.locationId,
                    visitTypeId: vt,
                    start: new Date(a.start),
                    patientId: a.who.patientId,
                    byStaff: false,
                    endsTransaction: true,
                  },
                  new Date(),
                ),
              );
              tally.ok++;
            } catch (error: any) {
              if (error?.kind === 'conflict') tally.conflicts++;
              else tally.errors++;
            }
          }
        }),
      );
      return tally;
    };
    if (warmUp.length < 2 * WARM_UP_SLOTS) throw new Error(`only ${targets.length} open slots to book`);
    const warmed = await book(warmUp);
    if (warmed.errors > 0) throw new Error(`warm-up bookings failed: ${warmed.errors}`);
    collectGarbage();
    await resetStatements(db);
    const counter = countQueries();
    const stopProfile = await profilePhase('booking');
    const cpu0 = { own: ownCpuSeconds(), pg: treeCpuSeconds(pg.postmasterPid()) };
    const t0 = performance.now();
    const { ok, conflicts, errors } = await book(attempts);
    const seconds = (performance.now() - t0) / 1000;
    // CPU per successful booking, its losing twin's work included: the cost of one booking/s.
    const cpuMs = {
      own: ((ownCpuSeconds() - cpu0.own) * 1000) / Math.max(1, ok),
      pg: ((treeCpuSeconds(pg.postmasterPid()) - cpu0.pg) * 1000) / Math.max(1, ok),
    };
    await stopProfile();
    const trips = counter.stop();
    const perAttempt = trips.total / attempts.length;
    if (process.env.BENCH_TRACE) process.stdout.write(`${trips.report()}\n\n${await databaseTrace(db)}\n`);
    const check = await db
      .selectFrom('appointments')
      .select((eb: any) => [
        eb.fn.countAll().as('n'),
        eb.fn
          .count(eb.fn('concat', ['provider_id', 'start_at']))
          .distinct()
          .as('distinct'),
      ])
      .where('status', 'in', ['held', 'booked', 'checked_in'])
      .executeTakeFirstOrThrow();
    const doubles = Number(check.n) - Number(check.distinct);

    const { table, markdown } = schedulingReport({
      postgresVersion: pg.version,
      providers: PROVIDERS,
      pool: POOL,
      history: { weeks: HISTORY_WEEKS, ...history },
      concurrency: CONCURRENCY,
      loadBefore,
      search,
      slots,
      slotCpuMs,
      slotTrips,
      math,
      resultsPerSearch: Math.round(resultCount / SEARCHES),
      slotCount,
      attempts: attempts.length,
      slotsWanted: wanted.length,
      warmUpSlots: WARM_UP_SLOTS,
      booked: ok,
      conflicts,
      errors,
      doubles,
      seconds,
      cpuMs,
      tripsPerAttempt: perAttempt,
    });
    process.stdout.write(`\n${table}\n\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    if (doubles !== 0 || errors !== 0) throw new Error(`double bookings: ${doubles}, errors: ${errors}`);
    writeBenchSection('scheduling', markdown);
  } finally {
    await handle.close();
    await pg.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
