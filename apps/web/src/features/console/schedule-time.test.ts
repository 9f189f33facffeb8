import { describe, expect, it } from 'vitest';
import { localInputToIso } from './schedule-time';

describe('clinic wall clock to an instant', () => {
  it('reads the typed time in the location zone, across DST', () => {
    expect(localInputToIso('2026-03-10T09:20', 'America/New_York')).toBe('2026-03-10T13:20:00.000Z');
    expect(localInputToIso('2026-01-10T09:20', 'America/New_York')).toBe('2026-01-10T14:20:00.000Z');
    expect(localInputToIso('2026-07-01T08:00', 'America/Phoenix')).toBe('2026-07-01T15:00:00.000Z');
    expect(localInputToIso('2026-07-01T08:00', 'Asia/Kolkata')).toBe('2026-07-01T02:30:00.000Z');
  });
});
