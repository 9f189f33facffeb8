import { type Prefix } from './parse.js';
/** Splits a leading comparison prefix off a date, number or quantity value (eq when absent). */
export declare function splitPrefix(value: string): {
  prefix: Prefix;
  rest: string;
};
/**
 * The instant range a date search value stands for, by its precision: `2020` is the whole
 * year, `2020-03-04` the whole day (UTC), a time to the second is that second.
 */
export declare function dateRange(value: string): {
  low: Date;
  high: Date;
};
/** A number's implicit range by its significant digits: 100 is [99.5, 100.5], 1.50 is [1.495, 1.505]. */
export declare function numberRange(value: string): {
  value: number;
  low: number;
  high: number;
};
