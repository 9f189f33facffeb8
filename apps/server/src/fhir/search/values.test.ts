import { describe, expect, it } from 'vitest';
import { FhirError } from '../operation-outcome.js';
import { dateRange, numberRange, splitPrefix } from './values.js';
import { splitValues } from './parse.js';

describe('search values', () => {
  it('reads a date as the range its precision covers', () => {
    expect(dateRange('2020')).toEqual({
      low: new Date('2020-01-01T00:00:00.000Z'),
      high: new Date('2020-12-31T23:59:59.999Z'),
    });
    expect(dateRange('2020-02')).toEqual({
      low: new Date('2020-02-01T00:00:00.000Z'),
      high: new Date('2020-02-29T23:59:59.999Z'),
    });
    expect(dateRange('2021-03-04')).toEqual({
      low: new Date('2021-03-04T00:00:00.000Z'),
      high: new Date('2021-03-04T23:59:59.999Z'),
    });
    expect(dateRange('2021-03-04T10:00:05-05:00')).toEqual({
      low: new Date('2021-03-04T15:00:05.000Z'),
      high: new Date('2021-03-04T15:00:05.999Z'),
    });
    expect(() => dateRange('2021-13-01')).toThrow(FhirError);
    expect(() => dateRange('yesterday')).toThrow(FhirError);
  });

  it('gives a number the range of its significant digits', () => {
    expect(numberRange('100')).toEqual({ value: 100, low: 99.5, high: 100.5 });
    const r = numberRange('1.50');
    expect(r.low).toBeCloseTo(1.495);
    expect(r.high).toBeCloseTo(1.505);
    expect(() => numberRange('1,5')).toThrow(FhirError);
  });

  it('splits prefixes only where a value follows', () => {
    expect(splitPrefix('ge2020')).toEqual({ prefix: 'ge', rest: '2020' });
    expect(splitPrefix('2020')).toEqual({ prefix: 'eq', rest: '2020' });
    expect(splitPrefix('ap-5')).toEqual({ prefix: 'ap', rest: '-5' });
  });

  it('splits comma lists, keeping escaped commas', () => {
    expect(splitValues('a,b\\,c,,d')).toEqual(['a', 'b,c', 'd']);
  });
});
