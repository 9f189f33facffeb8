import type { OpenSlot } from '@accompany/contracts';
import { AppError, notFound } from '../../platform/errors.js';
import type { Scope } from '../../platform/http/context.js';
import { findProvider, findVisitType } from '../directory/directory.repository.js';
import type { Selectable } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import {
  loadProviderBusy,
  loadSchedules,
  offers,
  rulesOf,
  type ScheduleContext,
} from './availability.service.js';
import { CELL_MS } from './claims.js';
import { firstOpenSlots, openSlots, type BusyInterval } from './slots.js';

type VisitTypeRow = Selectable<Database['visit_types']>;
type ProviderRow = Selectable<Database['providers']>;

// The rules a requested time must meet before it is claimed, and the answer when it was taken.

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface SlotChoice {
  providerId: string;
  locationId: string;
  visitTypeId: string;
  start: Date;
}

export interface Checked {
  visitType: VisitTypeRow;
  end: Date;
}

/** The slot is one the rules allow (ignoring who else wants it: the cells decide that). */
export async function checkSlot(
  scope: Scope,
  choice: SlotChoice,
  byStaff: boolean,
  now: Date,
): Promise<Checked> {
  const { tx } = scope;
  if (!Number.isFinite(choice.start.getTime()))
    throw new AppError('bad_request', 'The start time is not a valid time');
  const visitType = await findVisitType(tx, choice.visitTypeId);
  const provider = visitType ? await findProvider(tx, choice.providerId) : undefined;
  const [schedule] =
    visitType && provider
      ? await loadSchedules(tx, { providerIds: [choice.providerId], locationId: choice.locationId })
      : [];
  return assessSlot({ visitType, provider, schedule }, choice, byStaff, now, (from, to) =>
    loadProviderBusy(tx, choice.providerId, from, to, now),
  );
}

/**
 * The rules of `checkSlot` on what was already read. `busyBetween` is asked only when the visit
 * type has buffers or the schedule a daily cap, for a window of a day either side of the visit.
 */
export async function assessSlot(
  found: {
    visitType: VisitTypeRow | undefined;
    provider: ProviderRow | undefined;
    schedule: ScheduleContext | undefined;
  },
  choice: SlotChoice,
  byStaff: boolean,
  now: Date,
  busyBetween: (from: Date, to: Date) => Promise<BusyInterval[]>,
): Promise<Checked> {
  if (!Number.isFinite(choice.start.getTime()))
    throw new AppError('bad_request', 'The start time is not a valid time');
  const { visitType, provider, schedule } = found;
  if (!visitType || !visitType.active) throw notFound('The visit type');
  if (!byStaff && !visitType.self_bookable) {
    throw new AppError(
      'forbidden',
      `“${visitType.name_en}” visits are booked by the office: please call the clinic`,
    );
  }
  if (!provider || !provider.active) throw notFound('The provider');
  if (!offers(provider.specialties, visitType.specialties)) {
    throw new AppError('bad_request', 'This provider does not offer that visit type');
  }
  const end = new Date(choice.start.getTime() + visitType.minutes * MINUTE);
  if (choice.start.getTime() <= now.getTime()) throw new AppError('bad_request', 'That time is in the past');
  if (!schedule) throw new AppError('bad_request', 'This provider does not work at that location');
  if (byStaff) {
    if (choice.start.getTime() % CELL_MS !== 0)
      throw new AppError('bad_request', 'Start on a five-minute mark');
    return { visitType, end };
  }
  // The time must be one of the provider's open slots. Other visits matter only for buffers and
  // the daily cap (who holds this very time is the cells' answer), so without those no busy time
  // is read at all.
  const rules = rulesOf(visitType, schedule.dailyCap);
  const needsBusy = rules.dailyCap !== null || rules.bufferBeforeMinutes > 0 || rules.bufferAfterMinutes > 0;
  const busy = needsBusy
    ? await busyBetween(new Date(choice.start.getTime() - DAY), new Date(end.getTime() + DAY))
    : [];
  const others = busy.filter((b) => b.end <= choice.start || b.start >= end);
  const fits = openSlots({
    template: schedule.template,
    exceptions: schedule.exceptions,
    busy: others,
    rules,
    zone: schedule.zone,
    now,
    from: choice.start,
    to: new Date(choice.start.getTime() + 1),
  });
  if (fits.length === 0) {
    throw new AppError('bad_request', 'That is not a bookable time for this provider and visit type');
  }
  return { visitType, end };
}

/**
 * The next open times worked out from busy time already read (a booking's context covers a day
 * before the start to two days after), with the taken time added. Null when the answer could
 * depend on time outside what was read: the caller then asks the database (`nextOpenTimes`).
 * Slots are accepted only if they end a day before the read window does, so the local day of each
 * (for daily caps) and its buffers lie wholly inside it.
 */
export function nextOpenTimesFromBusy(
  known: { visitType: VisitTypeRow; schedule: ScheduleContext },
  choice: SlotChoice,
  taken: BusyInterval,
  busy: { intervals: readonly BusyInterval[]; until: Date },
  now: Date,
  count = 3,
): OpenSlot[] | null {
  const from = new Date(Math.max(now.getTime(), choice.start.getTime() - DAY));
  const to = new Date(busy.until.getTime() - DAY);
  if (to <= from) return null;
  const found = firstOpenSlots(
    {
      template: known.schedule.template,
      exceptions: known.schedule.exceptions,
      busy: [...busy.intervals, taken],
      rules: rulesOf(known.visitType, known.schedule.dailyCap),
      zone: known.schedule.zone,
      now,
      from,
      to,
    },
    count,
    (start) => start >= choice.start.getTime(),
  );
  if (found.length < count) return null;
  return found.map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() }));
}

/** The 409 answer for a taken time, with next open times already worked out. */
export function takenWith(nextSlots: OpenSlot[]): never {
  throw new AppError('conflict', 'Someone else just took that time. Here are the next open times.', {
    extra: { nextSlots },
  });
}

/** The next open times of the same provider and visit type, for a 409 answer. */
export async function nextOpenTimes(
  scope: Scope,
  choice: SlotChoice,
  now: Date,
  count = 3,
  known?: { visitType: VisitTypeRow; schedule: ScheduleContext },
): Promise<OpenSlot[]> {
  const visitType = known?.visitType ?? (await findVisitType(scope.tx, choice.visitTypeId));
  const [schedule] = known
    ? [known.schedule]
    : await loadSchedules(scope.tx, { providerIds: [choice.providerId], locationId: choice.locationId });
  if (!visitType || !schedule) return [];
  // Only times from the wanted one on are offered: a day before it covers buffers and daily caps.
  const from = new Date(Math.max(now.getTime(), choice.start.getTime() - DAY));
  const to = new Date(choice.start.getTime() + 14 * DAY);
  const busy = await loadProviderBusy(scope.tx, choice.providerId, from, to, now);
  return firstOpenSlots(
    {
      template: schedule.template,
      exceptions: schedule.exceptions,
      busy,
      rules: rulesOf(visitType, schedule.dailyCap),
      zone: schedule.zone,
      now,
      from,
      to,
    },
    count,
    (start) => start >= choice.start.getTime(),
  ).map((s) => ({ start: s.start.toISOString(), end: s.end.toISOString() }));
}

export async function slotTaken(
  scope: Scope,
  choice: SlotChoice,
  now: Date,
  known?: { visitType: VisitTypeRow; schedule: ScheduleContext },
): Promise<never> {
  return takenWith(await nextOpenTimes(scope, choice, now, 3, known));
}
