// Open appointment slots for one provider at one location: pure arithmetic over a weekly template,
// date exceptions, busy time and visit-type rules. Time is always passed in (`now`), never read.
import {
  DAY,
  isWeekday,
  localEpochDayOf,
  localMinutesToEpochMs,
  parseLocalDate,
  parseLocalTime,
  toEpochMs,
  weekdayOf,
  type DateException,
  type Instant,
  type LocalTimeRange,
  type Weekday,
  type WeeklyTemplate,
} from './availability.js';

export {
  localToUtc,
  utcToLocal,
  type DateException,
  type Instant,
  type LocalDate,
  type LocalTime,
  type LocalTimeRange,
  type Weekday,
  type WeeklyTemplate,
} from './availability.js';

const MINUTE = 60_000;

/**
 * Time the provider cannot take a new visit. Appointments and holds (a booking in progress) count
 * toward the daily cap; blocked time (admin, travel, breaks) does not. Pass each item's full
 * occupied span: its own buffers are not added here, only those of the visit type being booked.
 */
export interface BusyInterval {
  readonly start: Instant;
  readonly end: Instant;
  readonly kind: 'appointment' | 'hold' | 'blocked';
}

export interface VisitTypeRules {
  /** Length of every slot, in real minutes. */
  readonly slotMinutes: number;
  /** Free time needed before the visit starts, against busy intervals (not against range edges). */
  readonly bufferBeforeMinutes: number;
  /** Free time needed after the visit ends, against busy intervals. */
  readonly bufferAfterMinutes: number;
  /** A slot must start at or after now + this. */
  readonly minimumNoticeMinutes: number;
  /** A slot must start before now + this many 24-hour days (a rolling window, not calendar days). */
  readonly bookingHorizonDays: number;
  /** Most appointments (and holds) the provider takes on one local day; null for no cap. */
  readonly dailyCap: number | null;
}

export interface OpenSlotsQuery {
  readonly template: WeeklyTemplate;
  readonly exceptions: readonly DateException[];
  readonly busy: readonly BusyInterval[];
  readonly rules: VisitTypeRules;
  /** IANA zone of the location; the template and exceptions are wall clock there. */
  readonly zone: string;
  readonly now: Instant;
  /** Slots whose start lies in [from, to). Paging by adjacent windows never loses or repeats a slot. */
  readonly from: Instant;
  readonly to: Instant;
}

export interface Slot {
  readonly start: Date;
  readonly end: Date;
}

/** Open slots, sorted by start, never overlapping each other. */
export function openSlots(query: OpenSlotsQuery): Slot[] {
  return asSlots(collectSlots(query, Infinity), query.rules);
}

/**
 * The start instants (epoch ms) of `openSlots`, each slot lasting `rules.slotMinutes`: a long
 * listing written straight to text makes no Date or object per slot.
 */
export function openSlotStarts(query: OpenSlotsQuery): number[] {
  return collectSlots(query, Infinity);
}

/** The earliest open slot, or null when there is none in the window. */
export function nextOpenSlot(query: OpenSlotsQuery): Slot | null {
  return asSlots(collectSlots(query, 1), query.rules)[0] ?? null;
}

function asSlots(starts: readonly number[], rules: VisitTypeRules): Slot[] {
  const length = rules.slotMinutes * MINUTE;
  return starts.map((start) => ({ start: new Date(start), end: new Date(start + length) }));
}

/**
 * The first `limit` open slots whose start passes `accept` (e.g. mornings only). Stops as soon as
 * it has them, so "next available" over a long horizon costs a few days of arithmetic, not months.
 */
export function firstOpenSlots(
  query: OpenSlotsQuery,
  limit: number,
  accept?: (start: number) => boolean,
): Slot[] {
  return asSlots(collectSlots(query, limit, accept), query.rules);
}

type MinuteRange = readonly [start: number, end: number];

/** The start instants of the open slots, at most `limit` of them. */
function collectSlots(query: OpenSlotsQuery, limit: number, accept?: (start: number) => boolean): number[] {
  const { rules, zone } = query;
  assertRules(rules);
  const now = toEpochMs(query.now);
  // One window for every filter on the start instant: [lowest, highest).
  const lowest = Math.max(toEpochMs(query.from), now + rules.minimumNoticeMinutes * MINUTE);
  const highest = Math.min(toEpochMs(query.to), now + rules.bookingHorizonDays * DAY);
  if (!(lowest < highest)) return [];

  const weekly = parseTemplate(query.template);
  const exceptions = parseExceptions(query.exceptions);
  const busy = prepareBusy(query.busy);
  const length = rules.slotMinutes * MINUTE;
  const before = rules.bufferBeforeMinutes * MINUTE;
  const after = rules.bufferAfterMinutes * MINUTE;

  // A slot starts within its own local day, so the days holding [lowest, highest) are enough.
  const firstDay = localEpochDayOf(lowest, zone);
  const lastDay = localEpochDayOf(highest - 1, zone);
  const capped =
    rules.dailyCap !== null ? cappedDays(busy.counted, firstDay, lastDay, zone, rules.dailyCap) : null;

  const slots: number[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    if (capped?.has(day)) continue;
    const ranges = exceptions.get(day) ?? weekly.get(weekdayOf(day)) ?? [];
    let tiledUntil = -Infinity;
    for (const [startMinutes, endMinutes] of ranges) {
      const rangeStart = localMinutesToEpochMs(day, startMinutes, zone);
      const rangeEnd = localMinutesToEpochMs(day, endMinutes, zone);
      // Tile in real time from the range start, so every slot lasts exactly `length` even when the
      // range spans a clock change, and no slot starts inside a spring-forward gap.
      for (let start = rangeStart; start + length <= rangeEnd; start += length) {
        // Overlapping ranges: the earlier range's tiling wins, so slots never overlap.
        if (start < tiledUntil) continue;
        tiledUntil = start + length;
        if (start < lowest) continue;
        if (start >= highest) return slots;
        if (busy.overlaps(start - before, start + length + after)) continue;
        if (accept && !accept(start)) continue;
        slots.push(start);
        if (slots.length >= limit) return slots;
      }
    }
  }
  return slots;
}

function assertRules(rules: VisitTypeRules): void {
  const { slotMinutes, dailyCap } = rules;
  if (!(Number.isInteger(slotMinutes) && slotMinutes > 0)) {
    throw new RangeError('slotMinutes must be a positive whole number');
  }
  for (const name of [
    'bufferBeforeMinutes',
    'bufferAfterMinutes',
    'minimumNoticeMinutes',
    'bookingHorizonDays',
  ] as const) {
    if (!(Number.isFinite(rules[name]) && rules[name] >= 0)) throw new RangeError(`${name} must be ≥ 0`);
  }
  if (dailyCap !== null && !(Number.isInteger(dailyCap) && dailyCap >= 0)) {
    throw new RangeError('dailyCap must be a whole number ≥ 0, or null');
  }
}

function parseRanges(ranges: readonly LocalTimeRange[]): MinuteRange[] {
  const parsed = ranges.map((range): MinuteRange => {
    const start = parseLocalTime(range.start);
    const end = parseLocalTime(range.end);
    // Overnight ranges are not supported: a night shift is two ranges on two days.
    if (end <= start) throw new RangeError(`Range ends before it starts: ${range.start}–${range.end}`);
    return [start, end];
  });
  return parsed.sort((a, b) => a[0] - b[0]);
}

function parseTemplate(template: WeeklyTemplate): Map<Weekday, MinuteRange[]> {
  const weekly = new Map<Weekday, MinuteRange[]>();
  for (const [day, ranges] of Object.entries(template) as [Weekday, readonly LocalTimeRange[]][]) {
    // A misspelt day ('Monday') would otherwise close that day without a word.
    if (!isWeekday(day)) throw new RangeError(`Not a weekday: ${day}`);
    weekly.set(day, parseRanges(ranges));
  }
  return weekly;
}

function parseExceptions(exceptions: readonly DateException[]): Map<number, MinuteRange[]> {
  const byDay = new Map<number, MinuteRange[]>();
  for (const exception of exceptions) {
    const day = parseLocalDate(exception.date);
    // Two rules for one date is a data error, not something to resolve by order.
    if (byDay.has(day)) throw new RangeError(`Two exceptions for ${exception.date}`);
    byDay.set(day, parseRanges(exception.ranges));
  }
  return byDay;
}

interface PreparedBusy {
  /** Start instants of appointments and holds, for the daily cap. */
  readonly counted: number[];
  /** Whether any busy interval overlaps [start, end). */
  overlaps(start: number, end: number): boolean;
}

function prepareBusy(intervals: readonly BusyInterval[]): PreparedBusy {
  const spans = intervals
    .map((interval) => ({
      start: toEpochMs(interval.start),
      end: toEpochMs(interval.end),
      kind: interval.kind,
    }))
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start);
  const starts = spans.map((span) => span.start);
  // Latest end among the first i intervals: one binary search then answers each overlap question.
  const latestEnd: number[] = [];
  let latest = -Infinity;
  for (const span of spans) {
    latest = Math.max(latest, span.end);
    latestEnd.push(latest);
  }
  const counted = spans.filter((span) => span.kind !== 'blocked').map((span) => span.start);
  return {
    counted,
    overlaps(start, end) {
      const startingBefore = firstIndexAtOrAfter(starts, end);
      return startingBefore > 0 && (latestEnd[startingBefore - 1] as number) > start;
    },
  };
}

/** Index of the first value ≥ target in an ascending array (its length when none). */
function firstIndexAtOrAfter(values: readonly number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Local days (in the location's zone) already holding `cap` appointments or holds. */
function cappedDays(
  counted: readonly number[],
  firstDay: number,
  lastDay: number,
  zone: string,
  cap: number,
): Set<number> {
  // Day boundaries as instants (a local day is 23, 24 or 25 hours), then bucket by binary search.
  const dayStarts: number[] = [];
  for (let day = firstDay; day <= lastDay + 1; day++) dayStarts.push(localMinutesToEpochMs(day, 0, zone));
  const perDay = new Map<number, number>();
  for (const start of counted) {
    const index = firstIndexAtOrAfter(dayStarts, start + 1) - 1;
    if (index < 0 || index > lastDay - firstDay) continue;
    perDay.set(firstDay + index, (perDay.get(firstDay + index) ?? 0) + 1);
  }
  const capped = new Set<number>();
  for (let day = firstDay; day <= lastDay; day++) if ((perDay.get(day) ?? 0) >= cap) capped.add(day);
  return capped;
}
