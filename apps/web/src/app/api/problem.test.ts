import { describe, expect, it } from 'vitest';
import {
  codeMessageKey,
  mapProblemToFields,
  normalizeErrorPath,
  parseRetryAfter,
  validationMessageKey,
} from './problem';

describe('normalizeErrorPath', () => {
  it('strips body prefixes and separators', () => {
    expect(normalizeErrorPath('email')).toBe('email');
    expect(normalizeErrorPath('body.email')).toBe('email');
    expect(normalizeErrorPath('/password')).toBe('password');
    expect(normalizeErrorPath('body/birthDate')).toBe('birthDate');
    expect(normalizeErrorPath('query.q')).toBe('q');
    expect(normalizeErrorPath('')).toBe('');
  });
});

describe('mapProblemToFields', () => {
  const fields = ['email', 'password', 'givenName'];

  it('maps errors onto known fields, first message wins', () => {
    const mapped = mapProblemToFields(
      {
        errors: [
          { path: 'body.email', message: 'Enter a valid email address' },
          { path: 'email', message: 'second message' },
          { path: '/password', message: 'Use at least 10 characters' },
        ],
      },
      fields,
    );
    expect(mapped.fields).toEqual({
      email: 'Enter a valid email address',
      password: 'Use at least 10 characters',
    });
    expect(mapped.other).toEqual([]);
  });

  it('matches nested paths by their first or last segment', () => {
    expect(mapProblemToFields({ errors: [{ path: 'givenName.0', message: 'x' }] }, fields).fields).toEqual({
      givenName: 'x',
    });
    expect(mapProblemToFields({ errors: [{ path: 'profile.email', message: 'y' }] }, fields).fields).toEqual({
      email: 'y',
    });
  });

  it('keeps unmatched messages for the form summary', () => {
    const mapped = mapProblemToFields({ errors: [{ path: 'locale', message: 'Invalid option' }] }, fields);
    expect(mapped.fields).toEqual({});
    expect(mapped.other).toEqual(['Invalid option']);
  });

  it('handles problems without errors', () => {
    expect(mapProblemToFields({}, fields)).toEqual({ fields: {}, other: [] });
  });
});

describe('message keys', () => {
  it('has friendly messages for the common codes only', () => {
    expect(codeMessageKey('invalid_credentials')).toBe('errors.invalid_credentials');
    expect(codeMessageKey('rate_limited')).toBe('errors.rate_limited');
    expect(codeMessageKey('something_new')).toBeNull();
    expect(codeMessageKey('toString')).toBeNull();
  });

  it('translates the validation messages the contracts produce', () => {
    expect(validationMessageKey('Use at least 10 characters')).toBe('v.password');
    expect(validationMessageKey('Enter a valid email address.')).toBe('v.email');
    expect(validationMessageKey('The current password is not right')).toBe('v.currentPassword');
    expect(validationMessageKey('Too small')).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now)).toBe(60);
  });
});
