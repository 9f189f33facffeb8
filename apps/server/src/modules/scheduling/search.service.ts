import type { SearchResponse, SearchResult, SlotsResponse } from '@accompany/contracts';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Scope } from '../../platform/http/context.js';
import { toLocation, toProvider, toVisitType } from '../directory/directory.repository.js';
import { matchReason } from '../directory/reasons.js';
import { distanceMiles, zipCentroid, type Coordinates } from '../directory/zip-centroids.js';
import { isoInstant } from './iso-instant.js';
import { localToUtc, utcToLocal } from './availability.js';
import { loadBusy, loadSlotInputs, offers, rulesOf, type ScheduleContext } from './availability.service.js';
import {
  firstOpenSlots,
  openSlotStarts,
  type BusyInterval,
  type DateException,
  type Slot,
  type WeeklyTemplate,
} from './slots.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Next-available looks this far first; only providers with nothing open look further. */
const FIRST_WINDOW_DAYS = 14;
const SLOTS_PER_RESULT = 3;
/** Visit types allow at most a year ahead. */
const MAX_HORIZON_DAYS = 366;

type VisitTypeRow = Selectable<Database['visit_types']>;

export interface SearchCriteria {
  reason?: string | undefined;
  specialty?: string | undefined;
  name?: string | undefined;
  zip?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
  insurance?: string | undefined;
  language?: string | undefined;
  gender?: string | undefined;
  when?: 'next_available' | 'this_week' | 'mornings' | 'afternoons' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  visitType?: string | undefined;
  sort?: 'soonest' | 'nearest' | undefined;
  limit?: number | undefined;
}

function origin(criteria: SearchCriteria): Coordinates | null {
  if (criteria.zip) {
    const at = zipCentroid(criteria.zip);
    if (!at)
      throw new AppError('bad_request', `We do not know where ZIP code ${criteria.zip} is: try a nearby one`);
    return at;
  }
  if (criteria.lat !== undefined || criteria.lon !== undefined) {
    if (criteria.lat === undefined || criteria.lon === undefined)
      throw new AppError('bad_request', 'Send both lat and lon');
    if (Math.abs(criteria.lat) > 90 || Math.abs(criteria.lon) > 180)
      throw new AppError('bad_request', 'Those coordinates are not on Earth');
    return { latitude: criteria.lat, longitude: criteria.lon };
  }
  return null;
}

/** The time window and start filter a "when" asks for, in the schedule's zone. */
function windowFor(criteria: SearchCriteria, schedule: ScheduleContext, now: Date, horizonDays: number) {
  const horizon = now.getTime() + horizonDays * DAY;
  let from = now.getTime();
  let to = horizon;
  if (criteria.from) from = Math.max(from, localToUtc(criteria.from, '00:00', schedule.zone).getTime());
  if (criteria.to) to = Math.min(to, localToUtc(criteria.to, '24:00', schedule.zone).getTime());
  if (criteria.when === 'this_week') to = Math.min(to, now.getTime() + 7 * DAY);
  const accept =
    criteria.when === 'mornings'
      ? (start: number) => utcToLocal(start, schedule.zone).time < '12:00'
      : criteria.when === 'afternoons'
        ? (start: number) => utcToLocal(start, schedule.zone).time >= '12:00'
        : undefined;
  return { from, to, accept };
}

/**
 * Providers who fit the criteria, each with their next open times. Cost is bounded: one query for
 * the candidates, one for their busy time over two weeks, and slot arithmetic that stops at the
 * third open slot; only providers with nothing in two weeks are looked at further.
 */
export async function searchProviders(
  scope: Scope,
  criteria: SearchCriteria,
  now: Date,
): Promise<SearchResponse> {
  const { tx } = scope;
  if (criteria.from && criteria.to && criteria.to < criteria.from)
    throw new AppError('bad_request', 'The date range ends before it starts');
  const match = criteria.reason ? matchReason(criteria.reason) : null;
  if (match?.emergency) return { items: [], emergency: true, matchedSpecialties: [] };
  const specialties = criteria.specialty ? [criteria.specialty] : match ? [...match.specialties] : [];
  const visitTypes = await tx
    .selectFrom('visit_types')
    .selectAll()
    .where('active', '=', true)
    .where('self_bookable', '=', true)
    .orderBy('minutes')
    .execute();
  const preferredCode = criteria.visitType ?? match?.visitTypeCode;
  if (criteria.visitType && !visitTypes.some((v) => v.code === criteria.visitType))
    throw notFound('The visit type');
  const from = origin(criteria);

  let query = tx
    .selectFrom('providers as p')
    .innerJoin('provider_schedules as s', 's.provider_id', 'p.id')
    .innerJoin('locations as l', 'l.id', 's.location_id')
    .selectAll('p')
    .select([
      's.id as schedule_id',
      'l.id as l_id',
      's.weekly',
      's.daily_cap',
      'l.time_zone',
      sql<
        DateException[]
      >`coalesce((select json_agg(json_build_object('date', to_char(e.on_date, 'YYYY-MM-DD'), 'ranges', e.ranges))
        from schedule_exceptions e where e.schedule_id = s.id), '[]'::json)`.as('exceptions'),
    ])
    .where('p.active', '=', true);
  if (specialties.length) query = query.where(sql<boolean>`p.specialties && ${sql.val(specialties)}::text[]`);
  if (criteria.language) query = query.where(sql<boolean>`${criteria.language} = any(p.languages)`);
  if (criteria.insurance) query = query.where(sql<boolean>`${criteria.insurance} = any(p.insurance_plans)`);
  if (criteria.gender) query = query.where('p.gender', '=', criteria.gender);
  if (criteria.name) {
    const like = `%${criteria.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('p.family_name', 'ilike', like),
        eb('p.given_name', 'ilike', like),
        eb(sql<string>`p.given_name || ' ' || p.family_name`, 'ilike', like),
      ]),
    );
  }
  const rows = await query.limit(5000).execute();
  const locations = new Map((await tx.selectFrom('locations').selectAll().execute()).map((l) => [l.id, l]));

  interface Candidate {
    row: (typeof rows)[number];
    schedule: ScheduleContext;
    visitType: VisitTypeRow;
    distance: number | null;
    slots: Slot[];
  }
  const candidates: Candidate[] = [];
  for (const row of rows) {
    const location = locations.get(row.l_id);
    if (!location) continue;
    const schedule: ScheduleContext = {
      scheduleId: row.schedule_id,
      providerId: row.id,
      locationId: row.l_id,
      zone: row.time_zone,
      template: row.weekly as WeeklyTemplate,
      exceptions: row.exceptions,
      dailyCap: row.daily_cap,
    };
    const offered = visitTypes.filter((v) => offers(row.specialties, v.specialties));
    const visitType =
      offered.find((v) => v.code === preferredCode) ?? (criteria.visitType ? undefined : offered[0]);
    if (!visitType) continue;
    const distance =
      from && location.latitude !== null && location.longitude !== null
        ? Math.round(
            distanceMiles(from, { latitude: location.latitude, longitude: location.longitude }) * 10,
          ) / 10
        : null;
    candidates.push({ row, schedule, visitType, distance, slots: [] });
  }

  const sort = criteria.sort ?? (from ? 'nearest' : 'soonest');
  const limit = criteria.limit ?? 20;
  const fill = (c: Candidate, busyOf: Map<string, BusyInterval[]>, capDays: number) => {
    const w = windowFor(criteria, c.schedule, now, c.visitType.horizon_days);
    const to = Math.min(w.to, now.getTime() + capDays * DAY);
    if (!(w.from < to)) return;
    c.slots = firstOpenSlots(
      {
        template: c.schedule.template,
        exceptions: c.schedule.exceptions,
        busy: busyOf.get(c.row.id) ?? [],
        rules: rulesOf(c.visitType, c.schedule.dailyCap),
        zone: c.schedule.zone,
        now,
        from: w.from,
        to,
      },
      SLOTS_PER_RESULT,
      w.accept,
    );
  };
  /** Slots for these candidates within `days`, with one busy-time query for all of them. */
  const fillAll = async (list: Candidate[], days: number) => {
    if (list.length === 0) return;
    const ids = [...new Set(list.map((c) => c.row.id))];
    const busy = await loadBusy(tx, ids, now, new Date(now.getTime() + days * DAY), now);
    for (const c of list) fill(c, busy, days);
  };
  const soonest = (c: Candidate) => c.slots[0]?.start.getTime() ?? Infinity;
  const byDistance = (a: Candidate, b: Candidate) => (a.distance ?? Infinity) - (b.distance ?? Infinity);
  const timeFiltered = Boolean(criteria.when || criteria.from || criteria.to);

  let ordered: Candidate[];
  if (sort === 'nearest') {
    // Distance needs no slots: only the nearest few are looked at, in growing batches when a time
    // filter leaves some of them with nothing open.
    candidates.sort(byDistance);
    const chosen: Candidate[] = [];
    for (let i = 0; i < candidates.length && chosen.length < limit; i += limit) {
      const batch = candidates.slice(i, i + limit);
      await fillAll(batch, FIRST_WINDOW_DAYS);
      await fillAll(
        batch.filter((c) => c.slots.length === 0),
        MAX_HORIZON_DAYS,
      );
      chosen.push(...batch.filter((c) => c.slots.length > 0 || !timeFiltered));
    }
    ordered = chosen;
  } else {
    // Soonest: widen the window until `limit` candidates have an open time in it. Anyone with
    // nothing in the window opens later than all of those, so they cannot make the first page.
    let pending = candidates;
    const found: Candidate[] = [];
    for (const days of [1, 3, FIRST_WINDOW_DAYS, MAX_HORIZON_DAYS]) {
      await fillAll(pending, days);
      found.push(...pending.filter((c) => c.slots.length > 0));
      pending = pending.filter((c) => c.slots.length === 0);
      if (found.length >= limit || pending.length === 0) break;
    }
    found.sort((a, b) => soonest(a) - soonest(b) || byDistance(a, b));
    ordered = [...found, ...(timeFiltered ? [] : pending)];
    // The first page shows three times each: complete those found in a short window.
    const top = ordered
      .slice(0, limit)
      .filter((c) => c.slots.length > 0 && c.slots.length < SLOTS_PER_RESULT);
    await fillAll(top, FIRST_WINDOW_DAYS);
  }
  const items: SearchResult[] = ordered.slice(0, limit).map((c) => ({
    provider: toProvider(c.row, [c.schedule.locationId]),
    location: toLocation(locations.get(c.schedule.locationId)!),
    visitType: toVisitType(c.visitType),
    distanceMiles: c.distance,
    nextSlots: c.slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() })),
  }));
  return { items, emergency: false, matchedSpecialties: specialties };
}

/** One provider's open slots at one location for a visit type over local days. */
export async function providerSlots(
  scope: Scope,
  input: { providerId: string; locationId: string; visitTypeId: string; from: string; days: number },
  now: Date,
  options: { endsTransaction?: boolean } = {},
): Promise<SlotsResponse> {
  // One round trip: the busy time comes over a window wide enough for the zone not yet known.
  // When nothing follows in the transaction, the read is followed by its COMMIT (see runThenCommit).
  const { visitType, schedule, busy } = await loadSlotInputs(
    scope.tx,
    { ...input, fromDate: input.from },
    now,
    { commit: options.endsTransaction === true },
  );
  if (!visitType || !visitType.active) throw notFound('The visit type');
  if (!schedule) throw notFound('The provider’s schedule at that location');
  const from = localToUtc(input.from, '00:00', schedule.zone);
  const to = new Date(from.getTime() + input.days * DAY);
  const starts = openSlotStarts({
    template: schedule.template,
    exceptions: schedule.exceptions,
    busy,
    rules: rulesOf(visitType, schedule.dailyCap),
    zone: schedule.zone,
    now,
    from,
    to,
  });
  const length = visitType.minutes * MINUTE;
  return {
    timeZone: schedule.zone,
    slots: starts.map((start) => ({ start: isoInstant(start), end: isoInstant(start + length) })),
  };
}
