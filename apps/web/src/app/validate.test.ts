import { describe, expect, it } from 'vitest';
import { collect, email, isoDate, password, phone, signInCode, totpCode, uuid } from './validate';

describe('validators', () => {
  it('checks emails', () => {
    expect(email('ana@example.org')).toBeNull();
    expect(email(' ana@example.org ')).toBeNull();
    expect(email('')).toBe('v.required');
    expect(email('ana@')).toBe('v.email');
  });

  it('checks passwords like the contracts (10 to 200 characters)', () => {
    expect(password('short')).toBe('v.password');
    expect(password('long enough')).toBeNull();
    expect(password('x'.repeat(201))).toBe('v.tooLong');
  });

  it('checks real calendar dates', () => {
    expect(isoDate('1990-02-28')).toBeNull();
    expect(isoDate('1990-02-30')).toBe('v.date');
    expect(isoDate('02/03/1990')).toBe('v.date');
    expect(isoDate('')).toBe('v.required');
    expect(isoDate('2030-01-01', { past: true, today: '2025-06-01' })).toBe('v.dateFuture');
  });

  it('checks codes, phones and ids', () => {
    expect(totpCode('123456')).toBeNull();
    expect(totpCode('12345a')).toBe('v.code');
    expect(signInCode('abcd-efgh-ijkl')).toBeNull();
    expect(signInCode('123')).toBe('v.signInCode');
    expect(phone('')).toBeNull();
    expect(phone('+1 (555) 123-4567')).toBeNull();
    expect(phone('call me')).toBe('v.phone');
    expect(uuid('')).toBeNull();
    expect(uuid('0b8f6c1e-3a4d-4e5f-9a0b-1c2d3e4f5a6b')).toBeNull();
    expect(uuid('nope')).toBe('v.uuid');
  });

  it('collects only failures', () => {
    expect(collect({ a: null, b: 'v.required' })).toEqual({ b: 'v.required' });
  });
});
