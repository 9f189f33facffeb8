import { describe, expect, it } from 'vitest';
import { AddressLimiter } from './address-limiter.js';

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('AddressLimiter', () => {
  it('lets max requests through in a window, then answers the seconds left', () => {
    const c = clock();
    const limiter = new AddressLimiter(3, 60_000, 100, c.now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([null, null, null]);
    expect(limiter.take('a')).toBe(60);
    c.t += 45_500;
    expect(limiter.take('a')).toBe(15);
    // Another address has its own count.
    expect(limiter.take('b')).toBeNull();
  });

  it('starts a new window once the old one has ended', () => {
    const c = clock();
    const limiter = new AddressLimiter(1, 10_000, 100, c.now);
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('a')).toBe(10);
    c.t += 10_000;
    expect(limiter.take('a')).toBeNull();
    expect(limiter.take('a')).toBe(10);
  });

  it('never holds more addresses than its bound, dropping ended windows first', () => {
    const c = clock();
    const limiter = new AddressLimiter(1, 10_000, 4, c.now);
    for (const a of ['a', 'b', 'c']) limiter.take(a);
    c.t += 10_000;
    limiter.take('d'); // a, b, c have ended; d is mid-window
    limiter.take('e'); // full: the ended three are dropped
    expect(limiter.size).toBe(2);
    expect(limiter.take('d')).toBe(10); // d's count survived
    for (const a of ['f', 'g', 'h', 'i', 'j']) limiter.take(a);
    expect(limiter.size).toBeLessThanOrEqual(4);
  });
});
