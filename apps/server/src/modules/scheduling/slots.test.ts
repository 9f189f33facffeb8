import { describe, expect, it } from 'vitest';
import {
  localToUtc,
  nextOpenSlot,
  openSlots,
  utcToLocal,
  type BusyInterval,
  type DateException,
  type LocalTimeRange,
  type OpenSlotsQuery,
  type Slot,
  type VisitTypeRules,
  type WeeklyTemplate,
} from './slots.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const NY = 'America/New_York';

const rules: VisitTypeRules = {
  slotMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minimumNoticeMinutes: 0,
  bookingHorizonDays: 365,
  dailyCap: null,
};

const morning: LocalTimeRange[] = [{ start: '08:00', end: '12:00' }];
const everyDay = (ranges: LocalTimeRange[]): WeeklyTemplate => ({
  sunday: ranges,
  monday: ranges,
  tuesday: ranges,
  wednesday: ranges,
  thursday: ranges,
  friday: ranges,
  saturday: ranges,
});

/** One local day in `zone`, every slot rule neutral unless overridden. */
function dayQuery(zone: string, date: string, overrides: Partial<OpenSlotsQuery> = {}): OpenSlotsQuery {
  const from = localToUtc(date, '00:00', zone);
  return {
    template: everyDay(morning),
    exceptions: [],
    busy: [],
    rules,
    zone,
    now: from.getTime() - DAY,
    from,
    to: localToUtc(date, '24:00', zone),
    ...overrides,
  };
}

const starts = (slots: Slot[]): string[] => slots.map((slot) => slot.start.toISOString());
const localStarts = (slots: Slot[], zone: string): string[] =>
  slots.map((slot) => utcToLocal(slot.start, zone).time);
const durations = (slots: Slot[]): number[] =>
  slots.map((slot) => (slot.end.getTime() - slot.start.getTime()) / MINUTE);
/** `count` ISO instants `stepMinutes` apart from `first`. */
const series = (first: string, count: number, stepMinutes = 30): string[] =>
  Array.from({ length: count }, (_, i) =>
    new Date(Date.parse(first) + i * stepMinutes * MINUTE).toISOString(),
  );
const at = (iso: string): number => Date.parse(iso);

/** The local date and time of an instant as Intl prints them: the oracle for the code under test. */
function intlLocal(instant: number, zone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour === '24' ? '00' : parts.hour}:${parts.minute}`,
  };
}

describe('time-zone matrix: 08:00–12:00 in 30-minute slots', () => {
  // First and last start of the eight slots, worked out by hand from each zone's offset that day.
  const cases: [zone: string, date: string, first: string, last: string][] = [
    [NY, '2026-03-07', '2026-03-07T13:00:00.000Z', '2026-03-07T16:30:00.000Z'], // EST −5
    [NY, '2026-03-08', '2026-03-08T12:00:00.000Z', '2026-03-08T15:30:00.000Z'], // EDT −4, spring forward
    [NY, '2026-10-31', '2026-10-31T12:00:00.000Z', '2026-10-31T15:30:00.000Z'], // EDT −4
    [NY, '2026-11-01', '2026-11-01T13:00:00.000Z', '2026-11-01T16:30:00.000Z'], // EST −5, fall back
    ['America/Los_Angeles', '2026-03-07', '2026-03-07T16:00:00.000Z', '2026-03-07T19:30:00.000Z'],
    ['America/Los_Angeles', '2026-03-08', '2026-03-08T15:00:00.000Z', '2026-03-08T18:30:00.000Z'],
    ['America/Los_Angeles', '2026-10-31', '2026-10-31T15:00:00.000Z', '2026-10-31T18:30:00.000Z'],
    ['America/Los_Angeles', '2026-11-01', '2026-11-01T16:00:00.000Z', '2026-11-01T19:30:00.000Z'],
    ['Asia/Kolkata', '2026-03-08', '2026-03-08T02:30:00.000Z', '2026-03-08T06:00:00.000Z'], // +05:30
    ['Asia/Kolkata', '2026-11-01', '2026-11-01T02:30:00.000Z', '2026-11-01T06:00:00.000Z'],
    ['Australia/Adelaide', '2026-04-04', '2026-04-03T21:30:00.000Z', '2026-04-04T01:00:00.000Z'], // +10:30
    ['Australia/Adelaide', '2026-04-05', '2026-04-04T22:30:00.000Z', '2026-04-05T02:00:00.000Z'], // +09:30
    ['Australia/Adelaide', '2026-10-03', '2026-10-02T22:30:00.000Z', '2026-10-03T02:00:00.000Z'], // +09:30
    ['Australia/Adelaide', '2026-10-04', '2026-10-03T21:30:00.000Z', '2026-10-04T01:00:00.000Z'], // +10:30
    ['UTC', '2026-03-08', '2026-03-08T08:00:00.000Z', '2026-03-08T11:30:00.000Z'],
  ];

  it.each(cases)('%s on %s', (zone, date, first, last) => {
    const slots = openSlots(dayQuery(zone, date));
    const expected = series(first, 8);
    expect(expected.at(-1)).toBe(last);
    expect(starts(slots)).toEqual(expected);
    expect(durations(slots)).toEqual(Array(8).fill(30));
    expect(localStarts(slots, zone)).toEqual(
      series('2026-01-01T08:00:00.000Z', 8).map((s) => s.slice(11, 16)),
    );
  });
});

describe('localToUtc', () => {
  it('maps ordinary wall-clock times with the offset of that day', () => {
    expect(localToUtc('2026-07-01', '09:15', NY).toISOString()).toBe('2026-07-01T13:15:00.000Z');
    expect(localToUtc('2026-01-15', '09:15', NY).toISOString()).toBe('2026-01-15T14:15:00.000Z');
    expect(localToUtc('2026-01-15', '00:00', 'Asia/Kolkata').toISOString()).toBe('2026-01-14T18:30:00.000Z');
    expect(localToUtc('2026-01-15', '24:00', NY).toISOString()).toBe('2026-01-16T05:00:00.000Z');
  });

  it('moves a time in the spring-forward gap to the first instant after the gap', () => {
    expect(localToUtc('2026-03-08', '01:59', NY).toISOString()).toBe('2026-03-08T06:59:00.000Z');
    expect(localToUtc('2026-03-08', '02:00', NY).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(localToUtc('2026-03-08', '02:30', NY).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(localToUtc('2026-03-08', '03:00', NY).toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(localToUtc('2026-10-04', '02:30', 'Australia/Adelaide').toISOString()).toBe(
      '2026-10-03T16:30:00.000Z',
    );
  });

  it('takes the earlier instant for a time the fall-back overlap repeats', () => {
    expect(localToUtc('2026-11-01', '01:30', NY).toISOString()).toBe('2026-11-01T05:30:00.000Z'); // EDT
    expect(localToUtc('2026-11-01', '02:00', NY).toISOString()).toBe('2026-11-01T07:00:00.000Z'); // EST only
    expect(localToUtc('2026-04-05', '02:30', 'Australia/Adelaide').toISOString()).toBe(
      '2026-04-04T16:00:00.000Z',
    );
  });

  it('round-trips with utcToLocal away from clock changes', () => {
    expect(utcToLocal(at('2026-11-01T06:30:00Z'), NY)).toEqual({ date: '2026-11-01', time: '01:30' }); // EST
    expect(utcToLocal(new Date('2026-03-08T07:00:00Z'), NY)).toEqual({ date: '2026-03-08', time: '03:00' });
    expect(utcToLocal(localToUtc('2026-05-31', '23:45', 'Asia/Kolkata'), 'Asia/Kolkata')).toEqual({
      date: '2026-05-31',
      time: '23:45',
    });
  });

  it('reads the wall clock exactly as Intl does, across clock changes and odd offsets', () => {
    const zones = [
      NY,
      'Europe/London',
      'Australia/Lord_Howe', // 30-minute DST
      'America/St_Johns', // -03:30 / -02:30
      'Pacific/Chatham', // +12:45 / +13:45
      'Pacific/Apia', // skipped 2011-12-30 entirely
      'Asia/Kolkata',
    ];
    const mismatches: string[] = [];
    const check = (t: number, zone: string) => {
      const ours = utcToLocal(t, zone);
      const theirs = intlLocal(t, zone);
      if (ours.date !== theirs.date || ours.time !== theirs.time)
        mismatches.push(
          `${zone} ${new Date(t).toISOString()}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`,
        );
    };
    // Every 10 minutes (and a second before each) over the days around each zone's changes.
    const days = [
      '2026-03-08',
      '2026-03-29',
      '2026-04-05',
      '2026-09-27',
      '2026-10-04',
      '2026-11-01',
      '2011-12-29',
    ];
    for (const zone of zones)
      for (const day of days) {
        const from = Date.parse(`${day}T00:00:00Z`) - DAY;
        for (let t = from; t < from + 3 * DAY; t += 10 * MINUTE) {
          check(t, zone);
          check(t - 1000, zone);
        }
      }
    // And instants spread over fifty years.
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 3000; i++)
      check(
        Date.parse('1990-01-01T00:00:00Z') + Math.floor(next() * 50 * 365 * DAY),
        zones[i % zones.length]!,
      );
    expect(mismatches).toEqual([]);
  });

  it('rejects malformed dates, times and zones', () => {
    expect(() => localToUtc('2026-02-30', '09:00', NY)).toThrow(RangeError);
    expect(() => localToUtc('2026-2-3', '09:00', NY)).toThrow(RangeError);
    expect(() => localToUtc('2026-02-03', '9:00', NY)).toThrow(RangeError);
    expect(() => localToUtc('2026-02-03', '24:30', NY)).toThrow(RangeError);
    expect(() => localToUtc('2026-02-03', '09:60', NY)).toThrow(RangeError);
    expect(() => localToUtc('2026-02-03', '09:00', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('ranges across clock changes', () => {
  it('never starts a slot in the spring-forward gap and keeps every slot 30 real minutes', () => {
    const slots = openSlots(
      dayQuery(NY, '2026-03-08', { template: { sunday: [{ start: '01:00', end: '04:00' }] } }),
    );
    // 01:00–04:00 local is two real hours that day.
    expect(starts(slots)).toEqual(series('2026-03-08T06:00:00.000Z', 4));
    expect(localStarts(slots, NY)).toEqual(['01:00', '01:30', '03:00', '03:30']);
    expect(durations(slots)).toEqual([30, 30, 30, 30]);
  });

  it('keeps a slot that straddles the gap exactly one slot length long', () => {
    const slots = openSlots(
      dayQuery(NY, '2026-03-08', {
        template: { sunday: [{ start: '01:00', end: '04:00' }] },
        rules: { ...rules, slotMinutes: 45 },
      }),
    );
    expect(starts(slots)).toEqual(['2026-03-08T06:00:00.000Z', '2026-03-08T06:45:00.000Z']);
    expect(durations(slots)).toEqual([45, 45]);
  });

  it('opens a range that starts inside the gap when the clocks reach 03:00', () => {
    const slots = openSlots(
      dayQuery(NY, '2026-03-08', { template: { sunday: [{ start: '02:30', end: '04:00' }] } }),
    );
    expect(starts(slots)).toEqual(series('2026-03-08T07:00:00.000Z', 2));
  });

  it('tiles the repeated hour on fall-back day: 00:00–03:00 is four real hours', () => {
    const slots = openSlots(
      dayQuery(NY, '2026-11-01', { template: { sunday: [{ start: '00:00', end: '03:00' }] } }),
    );
    expect(starts(slots)).toEqual(series('2026-11-01T04:00:00.000Z', 8));
    expect(localStarts(slots, NY)).toEqual([
      '00:00',
      '00:30',
      '01:00',
      '01:30',
      '01:00',
      '01:30',
      '02:00',
      '02:30',
    ]);
    expect(durations(slots)).toEqual(Array(8).fill(30));
  });
});

describe('visit-type rules and busy time', () => {
  // 2026-06-10 is a Wednesday; New York is on EDT (−4), so 08:00 local is 12:00Z.
  const date = '2026-06-10';
  const busyAt = (start: string, end: string, kind: BusyInterval['kind'] = 'appointment'): BusyInterval => ({
    start: localToUtc(date, start, NY),
    end: localToUtc(date, end, NY),
    kind,
  });
  const local = (slots: Slot[]) => localStarts(slots, NY);
  const allMorning = ['08:00', '08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30'];

  it('removes slots a busy interval overlaps, even partly, and keeps those that only touch it', () => {
    const slots = openSlots(
      dayQuery(NY, date, { busy: [busyAt('09:10', '09:40'), busyAt('11:00', '11:30')] }),
    );
    expect(local(slots)).toEqual(['08:00', '08:30', '10:00', '10:30', '11:30']);
  });

  it('keeps the buffers free around the new visit', () => {
    const busy = [busyAt('10:00', '10:30')];
    const both = { ...rules, bufferBeforeMinutes: 15, bufferAfterMinutes: 15 };
    expect(local(openSlots(dayQuery(NY, date, { busy, rules: both })))).toEqual([
      '08:00',
      '08:30',
      '09:00',
      '11:00',
      '11:30',
    ]);
    const beforeOnly = { ...rules, bufferBeforeMinutes: 15 };
    expect(local(openSlots(dayQuery(NY, date, { busy, rules: beforeOnly })))).toEqual([
      '08:00',
      '08:30',
      '09:00',
      '09:30',
      '11:00',
      '11:30',
    ]);
    const afterOnly = { ...rules, bufferAfterMinutes: 31 };
    expect(local(openSlots(dayQuery(NY, date, { busy, rules: afterOnly })))).toEqual([
      '08:00',
      '08:30',
      '10:30',
      '11:00',
      '11:30',
    ]);
  });

  it('honours minimum notice, inclusive of the exact boundary', () => {
    const now = localToUtc(date, '08:00', NY);
    const notice = { ...rules, minimumNoticeMinutes: 60 };
    expect(local(openSlots(dayQuery(NY, date, { now, rules: notice })))).toEqual(allMorning.slice(2));
    const later = localToUtc(date, '08:50', NY);
    expect(local(openSlots(dayQuery(NY, date, { now: later, rules: notice })))).toEqual(allMorning.slice(4));
  });

  it('stops at the booking horizon, exclusive, counted in 24-hour days from now', () => {
    const now = localToUtc('2026-06-09', '10:00', NY);
    const query = dayQuery(NY, date, { now, rules: { ...rules, bookingHorizonDays: 1 } });
    expect(local(openSlots(query))).toEqual(['08:00', '08:30', '09:00', '09:30']);
    expect(openSlots({ ...query, rules: { ...rules, bookingHorizonDays: 0 } })).toEqual([]);
  });

  it('keeps slots whose start lies in [from, to)', () => {
    const query = dayQuery(NY, date, {
      from: localToUtc(date, '09:15', NY),
      to: localToUtc(date, '10:45', NY),
    });
    // 10:30 starts inside the window and ends after it: paging by start never loses it.
    expect(local(openSlots(query))).toEqual(['09:30', '10:00', '10:30']);
    const exact = dayQuery(NY, date, {
      from: localToUtc(date, '09:00', NY),
      to: localToUtc(date, '10:00', NY),
    });
    expect(local(openSlots(exact))).toEqual(['09:00', '09:30']);
    expect(openSlots({ ...exact, to: exact.from })).toEqual([]);
  });

  it('closes a local day that already holds the daily cap of appointments and holds', () => {
    const capped = { ...rules, dailyCap: 2 };
    const twoDays = (busy: BusyInterval[]) =>
      openSlots({
        ...dayQuery(NY, date, { busy, rules: capped }),
        to: localToUtc('2026-06-11', '24:00', NY),
      }).map((slot) => utcToLocal(slot.start, NY).date);
    const count = (dates: string[], day: string) => dates.filter((d) => d === day).length;

    // One appointment: the day stays open apart from the booked slot.
    let dates = twoDays([busyAt('08:00', '08:30')]);
    expect([count(dates, date), count(dates, '2026-06-11')]).toEqual([7, 8]);
    // An appointment and a hold reach the cap of two.
    dates = twoDays([busyAt('08:00', '08:30'), busyAt('15:00', '15:30', 'hold')]);
    expect([count(dates, date), count(dates, '2026-06-11')]).toEqual([0, 8]);
    // Blocked time does not count toward the cap.
    dates = twoDays([busyAt('08:00', '08:30'), busyAt('15:00', '15:30', 'blocked')]);
    expect([count(dates, date), count(dates, '2026-06-11')]).toEqual([7, 8]);
    // 23:30 local is already 03:30Z the next UTC day, yet it counts toward the local day.
    dates = twoDays([busyAt('08:00', '08:30'), busyAt('23:30', '24:00')]);
    expect([count(dates, date), count(dates, '2026-06-11')]).toEqual([0, 8]);
    // A cap of zero closes every day.
    expect(openSlots(dayQuery(NY, date, { rules: { ...rules, dailyCap: 0 } }))).toEqual([]);
  });

  it('applies exceptions: a closed day and a day with replacement ranges', () => {
    const exceptions: DateException[] = [
      { date, ranges: [] },
      { date: '2026-06-11', ranges: [{ start: '14:00', end: '15:00' }] },
    ];
    const slots = openSlots({
      ...dayQuery(NY, date, { exceptions }),
      to: localToUtc('2026-06-12', '24:00', NY),
    });
    expect(starts(slots)).toEqual([
      '2026-06-11T18:00:00.000Z',
      '2026-06-11T18:30:00.000Z',
      ...series('2026-06-12T12:00:00.000Z', 8),
    ]);
    expect(() =>
      openSlots(dayQuery(NY, date, { exceptions: [...exceptions, { date, ranges: [] }] })),
    ).toThrow(RangeError);
  });

  it('tiles each range from its own start and never lets overlapping ranges overlap slots', () => {
    const template = {
      wednesday: [
        { start: '13:15', end: '14:00' },
        { start: '08:00', end: '09:20' },
        { start: '08:45', end: '10:00' },
      ],
    };
    // 08:45 would overlap the 08:30 slot of the first range, so the second range goes on at 09:15.
    expect(local(openSlots(dayQuery(NY, date, { template })))).toEqual(['08:00', '08:30', '09:15', '13:15']);
  });

  it('rejects templates and rules that cannot be meant', () => {
    expect(() =>
      openSlots(dayQuery(NY, date, { template: { wednesday: [{ start: '12:00', end: '08:00' }] } })),
    ).toThrow(RangeError);
    expect(() =>
      openSlots(dayQuery(NY, date, { template: { Wednesday: morning } as WeeklyTemplate })),
    ).toThrow(RangeError);
    expect(() => openSlots(dayQuery(NY, date, { rules: { ...rules, slotMinutes: 0 } }))).toThrow(RangeError);
    expect(() => openSlots(dayQuery(NY, date, { rules: { ...rules, bufferAfterMinutes: -5 } }))).toThrow(
      RangeError,
    );
    expect(() => openSlots(dayQuery(NY, date, { rules: { ...rules, dailyCap: 1.5 } }))).toThrow(RangeError);
  });

  it('nextOpenSlot returns the earliest open slot, or null', () => {
    const query = dayQuery(NY, date, { busy: [busyAt('08:00', '09:00')] });
    expect(nextOpenSlot(query)).toEqual({
      start: new Date('2026-06-10T13:00:00.000Z'),
      end: new Date('2026-06-10T13:30:00.000Z'),
    });
    expect(nextOpenSlot({ ...query, busy: [busyAt('00:00', '24:00')] })).toBeNull();
  });
});

describe('a provider’s 90 days', () => {
  it('yields 16 slots on each of the 65 weekdays, across the March clock change', () => {
    const day: LocalTimeRange[] = [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ];
    const now = at('2026-01-05T05:00:00Z'); // Monday 00:00 in New York
    const slots = openSlots({
      template: { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day },
      exceptions: [],
      busy: [],
      rules: { ...rules, bookingHorizonDays: 90 },
      zone: NY,
      now,
      from: now,
      to: now + 90 * DAY,
    });
    expect(slots).toHaveLength(65 * 16);
    expect(slots[0]?.start.toISOString()).toBe('2026-01-05T13:00:00.000Z');
    expect(slots.at(-1)?.start.toISOString()).toBe('2026-04-03T20:30:00.000Z'); // Friday 16:30 EDT
  });
});

describe('properties over seeded random schedules', () => {
  // mulberry32: small, deterministic, good enough to spread cases.
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
  }
  const zones = [
    NY,
    'America/Los_Angeles',
    'Asia/Kolkata',
    'Australia/Adelaide',
    'UTC',
    'Australia/Lord_Howe',
  ];
  // Windows that cover each zone's 2026 clock changes as well as ordinary weeks.
  const windowStarts = ['2026-03-05', '2026-04-02', '2026-06-15', '2026-10-01', '2026-10-29'];
  const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
  const hhmm = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

  it('never overlaps busy time ± buffers, stays inside the day’s ranges, sorted, without duplicates', () => {
    const rand = random(20260308);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
    const int = (low: number, high: number) => low + Math.floor(rand() * (high - low + 1));
    const randomRanges = (): LocalTimeRange[] =>
      Array.from({ length: int(0, 3) }, () => {
        const start = int(0, 22 * 4) * 15;
        return { start: hhmm(start), end: hhmm(Math.min(24 * 60, start + int(1, 20) * 15)) };
      });
    const violations: string[] = [];
    let checked = 0;

    for (let run = 0; run < 300; run++) {
      const zone = pick(zones);
      const firstDate = pick(windowStarts);
      const template: Record<string, LocalTimeRange[]> = {};
      for (const day of weekdays) template[day] = randomRanges();
      const exceptions: DateException[] = rand() < 0.5 ? [{ date: firstDate, ranges: randomRanges() }] : [];
      const windowStart = localToUtc(firstDate, '00:00', zone).getTime();
      const busy: BusyInterval[] = Array.from({ length: int(0, 12) }, () => {
        const start = windowStart + int(0, 7 * 24 * 4) * 15 * MINUTE;
        return {
          start,
          end: start + int(1, 16) * 15 * MINUTE,
          kind: pick(['appointment', 'hold', 'blocked'] as const),
        };
      });
      const visit: VisitTypeRules = {
        slotMinutes: pick([10, 15, 20, 30, 45, 60, 90]),
        bufferBeforeMinutes: pick([0, 0, 5, 15]),
        bufferAfterMinutes: pick([0, 0, 10, 15]),
        minimumNoticeMinutes: pick([0, 60, 24 * 60]),
        bookingHorizonDays: pick([3, 30]),
        dailyCap: pick([null, null, 1, 3]),
      };
      const now = windowStart - int(0, 48) * 30 * MINUTE;
      const slots = openSlots({
        template,
        exceptions,
        busy,
        rules: visit,
        zone,
        now,
        from: windowStart,
        to: windowStart + 7 * DAY,
      });

      const fail = (rule: string, slot: Slot) =>
        violations.push(`run ${run} ${zone} ${rule}: ${slot.start.toISOString()}–${slot.end.toISOString()}`);
      for (const [i, slot] of slots.entries()) {
        const start = slot.start.getTime();
        const end = slot.end.getTime();
        if (end - start !== visit.slotMinutes * MINUTE) fail('length', slot);
        if (i > 0 && start < (slots[i - 1] as Slot).end.getTime()) fail('unsorted or overlapping', slot);
        if (start < Math.max(windowStart, now + visit.minimumNoticeMinutes * MINUTE)) fail('too early', slot);
        if (start >= Math.min(windowStart + 7 * DAY, now + visit.bookingHorizonDays * DAY))
          fail('too late', slot);
        const clashes = busy.some(
          (interval) =>
            (interval.start as number) < end + visit.bufferAfterMinutes * MINUTE &&
            (interval.end as number) > start - visit.bufferBeforeMinutes * MINUTE,
        );
        if (clashes) fail('busy', slot);
        // Inside one of that local day's ranges; the day comes from Intl itself.
        const { date } = intlLocal(start, zone);
        const dayRanges =
          exceptions.find((exception) => exception.date === date)?.ranges ??
          template[weekdays[new Date(`${date}T00:00:00Z`).getUTCDay()] as string] ??
          [];
        const inside = dayRanges.some(
          (range) =>
            localToUtc(date, range.start, zone).getTime() <= start &&
            end <= localToUtc(date, range.end, zone).getTime(),
        );
        if (!inside) fail('outside ranges', slot);
        if (visit.dailyCap !== null) {
          const booked = busy.filter(
            (interval) =>
              interval.kind !== 'blocked' && intlLocal(interval.start as number, zone).date === date,
          );
          if (booked.length >= visit.dailyCap) fail('over the daily cap', slot);
        }
        checked++;
      }
    }
    expect(violations).toEqual([]);
    // Guard against a generator that silently produces nothing to check.
    expect(checked).toBeGreaterThan(1000);
  });
});
