import { describe, expect, it } from 'vitest';
import { nextOpenTimesFromBusy } from './slot-rules.js';
import type { ScheduleContext } from './availability.service.js';

// A losing booker's next open times come from the busy time it already read; when that could be
// too little to answer, the function says so (null) and the caller asks the database.

const day = { start: '09:00', end: '12:00' };
const schedule: ScheduleContext = {
  scheduleId: 's',
  providerId: 'p',
  locationId: 'l',
  zone: 'America/New_York',
  template: { monday: [day], tuesday: [day], wednesday: [day], thursday: [day], friday: [day] },
  exceptions: [],
  dailyCap: null,
};
const visitType = {
  id: 'v',
  tenant_id: 't',
  code: 'sick',
  name_en: 'Sick visit',
  name_es: 'Consulta',
  minutes: 30,
  mode: 'in_person',
  patient_status: 'any',
  specialties: [],
  self_bookable: true,
  instructions_en: '',
  instructions_es: '',
  cancel_window_hours: 24,
  buffer_before_minutes: 0,
  buffer_after_minutes: 0,
  minimum_notice_minutes: 0,
  horizon_days: 90,
  active: true,
};
const at = (iso: string) => new Date(iso);
// Tuesday 2026-12-01, 10:00 in New York (15:00 UTC); read: a day before to two days after.
const start = at('2026-12-01T15:00:00Z');
const choice = { providerId: 'p', locationId: 'l', visitTypeId: 'v', start };
const taken = { start, end: at('2026-12-01T15:30:00Z'), kind: 'appointment' as const };
const until = at('2026-12-03T15:00:00Z');
const now = at('2026-11-20T12:00:00Z');

describe('next open times from the busy time a booking read', () => {
  it('skips the lost time and what is busy, from the wanted time on', () => {
    const busy = [
      { start: at('2026-12-01T15:30:00Z'), end: at('2026-12-01T16:00:00Z'), kind: 'appointment' as const },
    ];
    const next = nextOpenTimesFromBusy(
      { visitType, schedule },
      choice,
      taken,
      { intervals: busy, until },
      now,
    );
    expect(next?.map((s) => s.start)).toEqual([
      '2026-12-01T16:00:00.000Z',
      '2026-12-01T16:30:00.000Z',
      '2026-12-02T14:00:00.000Z',
    ]);
  });

  it('answers null when fewer than three open times lie a day inside what was read', () => {
    const busy = [{ start: at('2026-12-01T00:00:00Z'), end: until, kind: 'blocked' as const }];
    expect(
      nextOpenTimesFromBusy({ visitType, schedule }, choice, taken, { intervals: busy, until }, now),
    ).toBeNull();
  });
});
