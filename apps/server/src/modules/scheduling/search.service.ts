import type { SearchResponse, SearchResult, SlotsResponse } from '@accompany/contracts';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Scope } from '../../platform/http/context.js';
import { findVisitType, toLocation, toProvider, toVisitType } from '../directory/directory.repository.js';
import { matchReason } from '../directory/reasons.js';
import { distanceMiles, zipCentroid, type Coordinates } from '../directory/zip-centroids.js';
import { localToUtc, utcToLocal } from './availability.js';
import { loadBusy, loadSchedules, offers, rulesOf, type ScheduleContext } from './availability.service.js';
import { firstOpenSlots, openSlots, type Slot } from './slots.js';

const DAY = 86_400_000;
/** Next-available looks this far first; only providers with nothing open look further. */
const FIRST_WINDOW_DAYS = 14;
const SLOTS_PER_RESULT = 3;

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
    .select(['s.id as schedule_id', 'l.id as l_id'])
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
  const schedules = new Map(
    (await loadSchedules(tx, { scheduleIds: rows.map((r) => r.schedule_id) })).map((s) => [s.scheduleId, s]),
  );

  interface Candidate {
    row: (typeof rows)[number];
    schedule: ScheduleContext;
    visitType: VisitTypeRow;
    distance: number | null;
    slots: Slot[];
  }
  const candidates: Candidate[] = [];
  for (const row of rows) {
    const schedule = schedules.get(row.schedule_id);
    const location = locations.get(row.l_id);
    if (!schedule || !location) continue;
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

  const providerIds = [...new Set(candidates.map((c) => c.row.id))];
  const firstTo = new Date(now.getTime() + FIRST_WINDOW_DAYS * DAY);
  const busy = await loadBusy(tx, providerIds, now, firstTo, now);
  const fill = (c: Candidate, busyOf: Map<string, import('./slots.js').BusyInterval[]>, cap: number) => {
    const w = windowFor(criteria, c.schedule, now, c.visitType.horizon_days);
    const to = Math.min(w.to, cap);
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
  for (const c of candidates) fill(c, busy, firstTo.getTime());
  const later = candidates.filter((c) => c.slots.length === 0);
  if (later.length) {
    const far = new Date(now.getTime() + Math.max(...later.map((c) => c.visitType.horizon_days)) * DAY);
    const farBusy = await loadBusy(tx, [...new Set(later.map((c) => c.row.id))], now, far, now);
    for (const c of later) fill(c, farBusy, far.getTime());
  }

  const sort = criteria.sort ?? (from ? 'nearest' : 'soonest');
  const soonest = (c: Candidate) => c.slots[0]?.start.getTime() ?? Infinity;
  candidates.sort((a, b) =>
    sort === 'nearest'
      ? (a.distance ?? Infinity) - (b.distance ?? Infinity) || soonest(a) - soonest(b)
      : soonest(a) - soonest(b) || (a.distance ?? Infinity) - (b.distance ?? Infinity),
  );
  const limit = criteria.limit ?? 20;
  const items: SearchResult[] = candidates
    .filter((c) => c.slots.length > 0 || !(criteria.when || criteria.from || criteria.to))
    .slice(0, limit)
    .map((c) => ({
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
): Promise<SlotsResponse> {
  const visitType = await findVisitType(scope.tx, input.visitTypeId);
  if (!visitType || !visitType.active) throw notFound('The visit type');
  const [schedule] = await loadSchedules(scope.tx, {
    providerIds: [input.providerId],
    locationId: input.locationId,
  });
  if (!schedule) throw notFound('The provider’s schedule at that location');
  const from = localToUtc(input.from, '00:00', schedule.zone);
  const to = new Date(from.getTime() + input.days * DAY);
  const busy = (await loadBusy(scope.tx, [input.providerId], from, to, now)).get(input.providerId) ?? [];
  const slots = openSlots({
    template: schedule.template,
    exceptions: schedule.exceptions,
    busy,
    rules: rulesOf(visitType, schedule.dailyCap),
    zone: schedule.zone,
    now,
    from,
    to,
  });
  return {
    timeZone: schedule.zone,
    slots: slots.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() })),
  };
}
