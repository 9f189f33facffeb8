import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';

describe('AppError', () => {
  it('keeps no stack for a refusal, and the whole stack for a server error', () => {
    const limit = Error.stackTraceLimit;
    const refusal = new AppError('conflict', 'That time was just taken', { extra: { nextSlots: [] } });
    expect(refusal.stack).toBe('AppError: That time was just taken');
    expect(refusal.status).toBe(409);
    expect(refusal.details.extra).toEqual({ nextSlots: [] });
    const failure = new AppError('internal', 'The ledger does not balance');
    expect(failure.stack?.split('\n').length).toBeGreaterThan(1);
    expect(failure.stack).toContain('errors.test.ts');
    // The limit is restored for every other error.
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('plain').stack?.split('\n').length).toBeGreaterThan(1);
  });
});
