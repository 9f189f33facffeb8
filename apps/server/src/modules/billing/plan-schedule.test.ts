import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addMonthsClamped,
  afterFailure,
  defaultPlanPolicy,
  dueDates,
  maxMonthsFor,
  noticeDate,
  planChoices,
  planRefusal,
  planSchedule,
  splitInstallments,
} from './plan-schedule.js';
import { seededRandom } from './seeded-random.js';

beforeEach(() => {
  // Nothing here may read the clock; a frozen one proves it.
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2027-01-31T23:30:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('installment amounts', () => {
  it('splits into whole cents; the last installment takes the remainder', () => {
    expect(splitInstallments(10_000, 3)).toEqual([3333, 3333, 3334]);
    expect(splitInstallments(10_001, 2)).toEqual([5000, 5001]);
    expect(splitInstallments(600, 6)).toEqual([100, 100, 100, 100, 100, 100]);
    expect(splitInstallments(7, 1)).toEqual([7]);
  });

  it('property: installments always add up to the total, are positive, and differ by less than the count', () => {
    const rnd = seededRandom(42);
    for (let i = 0; i < 2000; i++) {
      const months = 1 + Math.floor(rnd() * 24);
      const total = months + Math.floor(rnd() * 5_000_000);
      const parts = splitInstallments(total, months);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(parts.every((p) => Number.isInteger(p) && p > 0)).toBe(true);
      expect(parts.at(-1)! - parts[0]!).toBeLessThan(months);
    }
  });

  it('refuses fractional or non-positive totals', () => {
    expect(() => splitInstallments(10.5, 2)).toThrow(RangeError);
    expect(() => splitInstallments(0, 2)).toThrow(RangeError);
    expect(() => splitInstallments(100, 0)).toThrow(RangeError);
  });
});

describe('due dates across month ends', () => {
  it('Jan 31 → Feb 28 in a common year, Feb 29 in a leap year, then back to the 31st', () => {
    expect(dueDates('2027-01-31', 4)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    expect(dueDates('2028-01-31', 3)).toEqual(['2028-01-31', '2028-02-29', '2028-03-31']);
    expect(addMonthsClamped('2027-12-15', 1)).toBe('2028-01-15');
    expect(addMonthsClamped('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonthsClamped('2100-01-29', 1)).toBe('2100-02-28'); // 2100 is not a leap year
  });

  it('announces each charge three days before, across a month boundary', () => {
    expect(noticeDate('2027-03-01')).toBe('2027-02-26');
    expect(noticeDate('2028-03-01')).toBe('2028-02-27');
  });

  it('builds a schedule whose amounts and dates line up', () => {
    expect(planSchedule(10_000, 3, '2027-01-31')).toEqual([
      { seq: 1, dueDate: '2027-01-31', amountCents: 3333 },
      { seq: 2, dueDate: '2027-02-28', amountCents: 3333 },
      { seq: 3, dueDate: '2027-03-31', amountCents: 3334 },
    ]);
  });
});

describe('policy', () => {
  it('limits the length by balance and the monthly amount by the minimum', () => {
    expect(maxMonthsFor(40_000, defaultPlanPolicy)).toBe(6);
    expect(maxMonthsFor(150_000, defaultPlanPolicy)).toBe(12);
    expect(maxMonthsFor(900_000, defaultPlanPolicy)).toBe(24);
    // $100 at $25 minimum: 2, 3 or 4 months.
    expect(planChoices(10_000, defaultPlanPolicy).map((c) => c.months)).toEqual([2, 3, 4]);
    expect(planChoices(2_000, defaultPlanPolicy)).toEqual([]);
    expect(planRefusal(10_000, 5, defaultPlanPolicy)).toMatch(/between 2 and 4/);
    expect(planRefusal(10_000, 4, defaultPlanPolicy)).toBeNull();
    expect(planRefusal(0, 2, defaultPlanPolicy)).toMatch(/nothing/);
  });
});

describe('dunning', () => {
  it('retries after 3 then 7 days, then defaults', () => {
    expect(afterFailure('2027-02-27', 1)).toEqual({ retryOn: '2027-03-02' });
    expect(afterFailure('2027-03-02', 2)).toEqual({ retryOn: '2027-03-09' });
    expect(afterFailure('2027-03-09', 3)).toBe('default');
  });
});
