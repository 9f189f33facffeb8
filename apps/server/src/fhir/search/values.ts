import { badRequest } from '../operation-outcome.js';
import { PREFIXES, type Prefix } from './parse.js';

/** Splits a leading comparison prefix off a date, number or quantity value (eq when absent). */
export function splitPrefix(value: string): { prefix: Prefix; rest: string } {
  const p = value.slice(0, 2) as Prefix;
  if (PREFIXES.includes(p) && /^[a-z]{2}[-+0-9.]/.test(value)) return { prefix: p, rest: value.slice(2) };
  return { prefix: 'eq', rest: value };
}

const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The instant range a date search value stands for, by its precision: `2020` is the whole
 * year, `2020-03-04` the whole day (UTC), a time to the second is that second.
 */
export function dateRange(value: string): { low: Date; high: Date } {
  const m = DATE.exec(value);
  if (!m) throw badRequest(`"${value}" is not a FHIR date`);
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  let low: Date;
  let high: Date;
  if (h !== undefined) {
    const base = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${tz ?? 'Z'}`;
    low = new Date(base);
    high = new Date(low.getTime() + (s === undefined ? 60_000 : frac ? 1 : 1000) - 1);
  } else if (d !== undefined) {
    low = new Date(`${y}-${mo}-${d}T00:00:00Z`);
    high = new Date(low.getTime() + 86_400_000 - 1);
  } else if (mo !== undefined) {
    low = new Date(Date.UTC(Number(y), Number(mo) - 1, 1));
    high = new Date(Date.UTC(Number(y), Number(mo), 1) - 1);
  } else {
    low = new Date(Date.UTC(Number(y), 0, 1));
    high = new Date(Date.UTC(Number(y) + 1, 0, 1) - 1);
  }
  if (Number.isNaN(low.getTime()) || Number.isNaN(high.getTime()))
    throw badRequest(`"${value}" is not a FHIR date`);
  return { low, high };
}

/** A number's implicit range by its significant digits: 100 is [99.5, 100.5], 1.50 is [1.495, 1.505]. */
export function numberRange(value: string): { value: number; low: number; high: number } {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value)) throw badRequest(`"${value}" is not a number`);
  const n = Number(value);
  const decimals = /\.(\d+)/.exec(value.toLowerCase().split('e')[0]!)?.[1]?.length ?? 0;
  const half = 0.5 * 10 ** -decimals;
  return { value: n, low: n - half, high: n + half };
}
