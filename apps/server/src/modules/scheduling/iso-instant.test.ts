import { describe, expect, it } from 'vitest';
import { isoInstant } from './iso-instant.js';

describe('isoInstant', () => {
  it('writes what toISOString writes, across days, DST dates, leap days and odd milliseconds', () => {
    const instants = [
      0,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2026, 2, 8, 7, 0),
      Date.UTC(2026, 10, 1, 6, 0),
      Date.UTC(2099, 11, 31, 23, 55),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      instants.push(Math.floor((seed / 2 ** 31) * 4_102_444_800_000));
    }
    for (const ms of instants) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves instants outside its range to toISOString', () => {
    expect(isoInstant(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
  });
});
