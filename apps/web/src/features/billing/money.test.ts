import { describe, expect, it } from 'vitest';
import { centsToInput, formatMoney, parseAmount } from './money';

describe('money on the page', () => {
  it('parses typed amounts into whole cents without floating point', () => {
    expect(parseAmount('12.34')).toBe(1234);
    expect(parseAmount('0.1')).toBe(10);
    expect(parseAmount('12,5')).toBe(1250);
    expect(parseAmount('7')).toBe(700);
    expect(parseAmount('0')).toBeNull();
    expect(parseAmount('1.234')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
    expect(parseAmount('abc')).toBeNull();
    expect(centsToInput(1205)).toBe('12.05');
    expect(formatMoney(1205, 'USD', 'en')).toBe('$12.05');
  });
});
