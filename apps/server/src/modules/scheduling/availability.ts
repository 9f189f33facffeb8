// Wall-clock availability in a location's IANA time zone, turned into UTC instants.
// Pure: no I/O and no clock; only Intl.DateTimeFormat (full ICU in Node 20) knows the zone rules.

/** A calendar date in the location's zone, 'YYYY-MM-DD'. */
export type LocalDate = string;
/** A wall-clock time in the location's zone, 'HH:MM' (00:00–24:00; 24:00 means the next midnight). */
export type LocalTime = string;
/** A UTC instant, as a Date or epoch milliseconds. */
export type Instant = Date | number;

/** Open from `start` (inclusive) to `end` (exclusive), wall clock, within one local day. */
export interface LocalTimeRange {
  readonly start: LocalTime;
  readonly end: LocalTime;
}

export type Weekday = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

/** A provider's usual week at one location; a missing weekday is closed. */
export type WeeklyTemplate = { readonly [day in Weekday]?: readonly LocalTimeRange[] };

/** Replaces the weekly template for one local date; no ranges means closed all day (holiday, leave). */
export interface DateException {
  readonly date: LocalDate;
  readonly ranges: readonly LocalTimeRange[];
}

const MINUTE = 60_000;
export const DAY = 86_400_000;
const WEEKDAYS: readonly Weekday[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

/**
 * How one zone maps instants to wall clock. Intl formatters are costly to build (and formatToParts
 * costs a few µs), so each zone keeps one formatter and memoizes what it learned. The memo is
 * keyed by whole days and cleared when it grows, so memory stays bounded in a long-lived server.
 */
interface ZoneClock {
  readonly formatter: Intl.DateTimeFormat;
  readonly windows: Map<number, OffsetWindow>;
}

/** The offsets around one local day: `before` until the instant `changeAt`, `after` from it on. */
interface OffsetWindow {
  readonly before: number;
  readonly after: number;
  readonly changeAt: number;
}

const clocks = new Map<string, ZoneClock>();
const MAX_MEMOIZED_DAYS = 20_000;

function clockFor(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (!clock) {
    // Throws a RangeError for an unknown zone, which is what a caller should see.
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    clock = { formatter, windows: new Map() };
    clocks.set(zone, clock);
  }
  return clock;
}

/** The wall clock at an instant, as if it were UTC, in ms (seconds precision). */
function wallClockAt(clock: ZoneClock, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of clock.formatter.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  // Some ICU builds print midnight as 24 even with h23.
  return Date.UTC(year, month - 1, day, hour === 24 ? 0 : hour, minute, second);
}

/** Local minus UTC, in ms, in effect at an instant. */
function offsetAt(clock: ZoneClock, instant: number): number {
  return wallClockAt(clock, instant) - Math.floor(instant / 1000) * 1000;
}

/**
 * The offsets for every instant whose wall clock falls on local day `epochDay` (days since
 * 1970-01-01). Offsets lie within ±14 h, so probes at UTC midnight one day before and two days
 * after bracket the whole local day. Assumes at most one offset change within those three days,
 * which holds for every zone in the tz database.
 */
function offsetWindow(clock: ZoneClock, epochDay: number): OffsetWindow {
  const known = clock.windows.get(epochDay);
  if (known) return known;
  let low = (epochDay - 1) * DAY;
  let high = (epochDay + 2) * DAY;
  const before = offsetAt(clock, low);
  const after = offsetAt(clock, high);
  let changeAt = Infinity;
  if (before !== after) {
    // Binary search for the first instant with the new offset (about 28 probes, twice a year).
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (offsetAt(clock, middle) === before) low = middle;
      else high = middle;
    }
    changeAt = high;
  }
  if (clock.windows.size >= MAX_MEMOIZED_DAYS) clock.windows.clear();
  const window = { before, after, changeAt };
  clock.windows.set(epochDay, window);
  return window;
}

/**
 * The instant for a wall-clock time (ms as if UTC) near the window's day. In a gap (spring
 * forward) the wall time never happens: take the first instant after the gap, so a range that
 * opens at 02:30 opens when the clocks read 03:00. In an overlap (fall back) it happens twice:
 * take the earlier one, under the offset in effect before the change.
 */
function wallToInstant(window: OffsetWindow, wall: number): number {
  const underBefore = wall - window.before;
  const underAfter = wall - window.after;
  const beforeHolds = underBefore < window.changeAt;
  const afterHolds = underAfter >= window.changeAt;
  if (beforeHolds && afterHolds) return Math.min(underBefore, underAfter);
  if (beforeHolds) return underBefore;
  if (afterHolds) return underAfter;
  return window.changeAt;
}

/** Days since 1970-01-01 for 'YYYY-MM-DD'; throws for anything that is not a real date. */
export function parseLocalDate(date: LocalDate): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const epochDay = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY : NaN;
  if (!Number.isInteger(epochDay) || formatLocalDate(epochDay) !== date) {
    throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  }
  return epochDay;
}

function formatLocalDate(epochDay: number): LocalDate {
  return new Date(epochDay * DAY).toISOString().slice(0, 10);
}

export function isWeekday(name: string): name is Weekday {
  return (WEEKDAYS as readonly string[]).includes(name);
}

export function weekdayOf(epochDay: number): Weekday {
  // 1970-01-01 was a Thursday.
  return WEEKDAYS[(((epochDay + 4) % 7) + 7) % 7] as Weekday;
}

/** Minutes after midnight for 'HH:MM' (00:00–24:00). */
export function parseLocalTime(time: LocalTime): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || !(minutes <= 24 * 60)) {
    throw new RangeError(`Not a time (HH:MM, 00:00–24:00): ${time}`);
  }
  return minutes;
}

export function toEpochMs(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Not a valid instant');
  return ms;
}

/** Epoch ms for a wall-clock time on a local day (minutes after its midnight), in a zone. */
export function localMinutesToEpochMs(epochDay: number, minutes: number, zone: string): number {
  return wallToInstant(offsetWindow(clockFor(zone), epochDay), epochDay * DAY + minutes * MINUTE);
}

/**
 * The UTC instant at which the wall clock in `zone` reads `time` on `date`.
 * - Nonexistent time (spring-forward gap, e.g. 02:30 on 2026-03-08 in New York): the first valid
 *   instant after the gap, i.e. the moment of the change (03:00 EDT = 07:00Z).
 * - Ambiguous time (fall-back overlap, e.g. 01:30 on 2026-11-01 in New York): the earlier of the
 *   two instants, under the offset in effect before the change (01:30 EDT = 05:30Z).
 */
export function localToUtc(date: LocalDate, time: LocalTime, zone: string): Date {
  return new Date(localMinutesToEpochMs(parseLocalDate(date), parseLocalTime(time), zone));
}

/**
 * The wall clock at an instant (ms as if UTC, seconds precision), from the memoized offsets of
 * the instant's UTC day: that day's window spans the day before to the day after, so it holds the
 * instant, and the formatter is asked only once per zone and day.
 */
function memoizedWallClockAt(zone: string, instant: number): number {
  const window = offsetWindow(clockFor(zone), Math.floor(instant / DAY));
  return Math.floor(instant / 1000) * 1000 + (instant < window.changeAt ? window.before : window.after);
}

/** The local date and wall-clock time (to the minute) of an instant in a zone. */
export function utcToLocal(instant: Instant, zone: string): { date: LocalDate; time: LocalTime } {
  const iso = new Date(memoizedWallClockAt(zone, toEpochMs(instant))).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** The local day (days since 1970-01-01) on which an instant falls in a zone. */
export function localEpochDayOf(instant: number, zone: string): number {
  return Math.floor(memoizedWallClockAt(zone, instant) / DAY);
}
