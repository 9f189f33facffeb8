import { sql, type Selectable } from 'kysely';
import { canRunThenCommit, PREPARED, runThenCommit, type Tx } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import type { BusyInterval, DateException, VisitTypeRules, WeeklyTemplate } from './slots.js';

const DAY = 86_400_000;

/** One provider's week at one location, with its date exceptions and the location's zone. */
export interface ScheduleContext {
  readonly scheduleId: string;
  readonly providerId: string;
  readonly locationId: string;
  readonly zone: string;
  readonly template: WeeklyTemplate;
  readonly exceptions: DateException[];
  readonly dailyCap: number | null;
}

/** Statuses that occupy provider time (a hold only until it expires). */
export const LIVE_STATUSES = ['held', 'booked', 'checked_in'] as const;

export async function loadSchedules(
  tx: Tx,
  filter: { providerIds?: readonly string[]; locationId?: string; scheduleIds?: readonly string[] },
): Promise<ScheduleContext[]> {
  // Exceptions ride along as JSON: one round trip, which matters on the booking path.
  let query = tx
    .selectFrom('provider_schedules as s')
    .innerJoin('locations as l', 'l.id', 's.location_id')
    .select([
      's.id',
      's.provider_id',
      's.location_id',
      's.weekly',
      's.daily_cap',
      'l.time_zone',
      sql<
        DateException[]
      >`coalesce((select json_agg(json_build_object('date', to_char(e.on_date, 'YYYY-MM-DD'), 'ranges', e.ranges))
        from schedule_exceptions e where e.schedule_id = s.id), '[]'::json)`.as('exceptions'),
    ]);
  if (filter.providerIds) {
    if (filter.providerIds.length === 0) return [];
    query = query.where('s.provider_id', 'in', filter.providerIds);
  }
  if (filter.scheduleIds) {
    if (filter.scheduleIds.length === 0) return [];
    query = query.where('s.id', 'in', filter.scheduleIds);
  }
  if (filter.locationId) query = query.where('s.location_id', '=', filter.locationId);
  const rows = await query.execute();
  return rows.map((r) => ({
    scheduleId: r.id,
    providerId: r.provider_id,
    locationId: r.location_id,
    zone: r.time_zone,
    template: r.weekly as WeeklyTemplate,
    exceptions: r.exceptions,
    dailyCap: r.daily_cap,
  }));
}

/** How an appointment row's time counts against a provider: a block, a hold or a visit. */
const busyKind = (kind: string, status: string): BusyInterval['kind'] =>
  kind === 'block' ? 'blocked' : status === 'held' ? 'hold' : 'appointment';

/** Busy time of each provider overlapping [from, to): live visits, unexpired holds, blocks. */
export async function loadBusy(
  tx: Tx,
  providerIds: readonly string[],
  from: Date,
  to: Date,
  now: Date,
): Promise<Map<string, BusyInterval[]>> {
  const busy = new Map<string, BusyInterval[]>();
  if (providerIds.length === 0) return busy;
  const rows = await tx
    .selectFrom('appointments')
    .select(['provider_id', 'kind', 'status', 'start_at', 'end_at'])
    .where('provider_id', 'in', providerIds)
    .where('status', 'in', [...LIVE_STATUSES])
    .where('start_at', '<', to)
    .where('end_at', '>', from)
    .where((eb) => eb.or([eb('status', '!=', 'held'), eb('hold_expires_at', '>', now)]))
    .execute();
  for (const r of rows) {
    const list = busy.get(r.provider_id) ?? [];
    list.push({ start: r.start_at, end: r.end_at, kind: busyKind(r.kind, r.status) });
    busy.set(r.provider_id, list);
  }
  return busy;
}

/** One provider's busy time overlapping [from, to), as `loadBusy` gives it, in a prepared statement. */
export async function loadProviderBusy(
  tx: Tx,
  providerId: string,
  from: Date,
  to: Date,
  now: Date,
): Promise<BusyInterval[]> {
  const rows = await sql<{ kind: string; status: string; start_at: Date; end_at: Date }>`${sql.raw(PREPARED)}
    select kind, status, start_at, end_at from appointments
    where provider_id = ${providerId} and status in ('held', 'booked', 'checked_in')
      and start_at < ${to} and end_at > ${from} and (status <> 'held' or hold_expires_at > ${now})`.execute(
    tx,
  );
  return rows.rows.map((r) => ({
    start: r.start_at,
    end: r.end_at,
    kind: busyKind(r.kind, r.status),
  }));
}

export function rulesOf(
  visitType: Selectable<Database['visit_types']>,
  dailyCap: number | null,
): VisitTypeRules {
  return {
    slotMinutes: visitType.minutes,
    bufferBeforeMinutes: visitType.buffer_before_minutes,
    bufferAfterMinutes: visitType.buffer_after_minutes,
    minimumNoticeMinutes: visitType.minimum_notice_minutes,
    bookingHorizonDays: visitType.horizon_days,
    dailyCap,
  };
}

/** Whether a provider of these specialties offers a visit type. */
export const offers = (providerSpecialties: readonly string[], visitTypeSpecialties: readonly string[]) =>
  visitTypeSpecialties.some((s) => providerSpecialties.includes(s));

interface SlotInputsRow {
  visit_type: Selectable<Database['visit_types']> | null;
  schedule: {
    id: string;
    weekly: WeeklyTemplate;
    daily_cap: number | null;
    time_zone: string;
    exceptions: DateException[];
  } | null;
  busy: { start: string; end: string; kind: BusyInterval['kind'] }[] | null;
}

/**
 * What one provider's open times need, in one round trip (a prepared statement): the visit type,
 * the provider's week at the location with its exceptions and zone, and their busy time from a
 * day before `fromDate` to a day after the window (wide enough for any zone's local midnight;
 * the slot arithmetic clips it).
 */
export async function loadSlotInputs(
  tx: Tx,
  input: { providerId: string; locationId: string; visitTypeId: string; fromDate: string; days: number },
  now: Date,
  options: { commit?: boolean } = {},
): Promise<{
  visitType: Selectable<Database['visit_types']> | undefined;
  schedule: ScheduleContext | undefined;
  busy: BusyInterval[];
}> {
  const from = new Date(`${input.fromDate}T00:00:00Z`);
  const windowFrom = new Date(from.getTime() - DAY);
  const windowTo = new Date(from.getTime() + (input.days + 1) * DAY);
  const query = sql<SlotInputsRow>`${sql.raw(PREPARED)}
    select
      (select row_to_json(v) from visit_types v where v.id = ${input.visitTypeId}) as visit_type,
      (select json_build_object('id', s.id, 'weekly', s.weekly, 'daily_cap', s.daily_cap, 'time_zone', l.time_zone,
          'exceptions', coalesce((select json_agg(json_build_object('date', to_char(e.on_date, 'YYYY-MM-DD'),
            'ranges', e.ranges)) from schedule_exceptions e where e.schedule_id = s.id), '[]'::json))
        from provider_schedules s join locations l on l.id = s.location_id
        where s.provider_id = ${input.providerId} and s.location_id = ${input.locationId}) as schedule,
      (select json_agg(json_build_object('start', a.start_at, 'end', a.end_at, 'kind',
          case when a.kind = 'block' then 'blocked' when a.status = 'held' then 'hold' else 'appointment' end))
        from appointments a
        where a.provider_id = ${input.providerId} and a.status in ('held', 'booked', 'checked_in')
          and a.start_at < ${windowTo} and a.end_at > ${windowFrom}
          and (a.status <> 'held' or a.hold_expires_at > ${now})) as busy`;
  // With `commit`, the read is the transaction's last statement and travels with its COMMIT.
  const r = (
    options.commit && canRunThenCommit(tx)
      ? await runThenCommit(tx, query.compile(tx))
      : (await query.execute(tx)).rows
  )[0]!;
  return {
    visitType: r.visit_type ?? undefined,
    schedule: r.schedule
      ? {
          scheduleId: r.schedule.id,
          providerId: input.providerId,
          locationId: input.locationId,
          zone: r.schedule.time_zone,
          template: r.schedule.weekly,
          exceptions: r.schedule.exceptions,
          dailyCap: r.schedule.daily_cap,
        }
      : undefined,
    busy: (r.busy ?? []).map((b) => ({ start: new Date(b.start), end: new Date(b.end), kind: b.kind })),
  };
}
