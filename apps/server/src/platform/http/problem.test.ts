import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { toAppError, validationError } from './problem.js';

describe('error mapping', () => {
  it('keeps an AppError as it is', () => {
    const e = new AppError('conflict', 'taken');
    expect(toAppError(e)).toBe(e);
    expect(e.status).toBe(409);
  });

  it('turns framework errors into clear 4xx and anything else into a 500 without details', () => {
    expect(toAppError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }).status).toBe(413);
    expect(toAppError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }).status).toBe(415);
    expect(toAppError(new SyntaxError('Unexpected token')).kind).toBe('bad_request');
    const internal = toAppError(new Error('relation "patients" violates … Ana Reyes'));
    expect(internal.status).toBe(500);
    expect(internal.message).not.toContain('Ana');
  });

  it('lists every invalid field and unknown key', () => {
    const schema = z.strictObject({ email: z.email(), age: z.number() });
    const parsed = schema.safeParse({ email: 'nope', age: 'x', extra: 1 });
    expect(parsed.success).toBe(false);
    const e = validationError(parsed.error!, 'body');
    expect(e.status).toBe(400);
    const paths = e.details.errors!.map((x) => x.path).sort();
    expect(paths).toEqual(['age', 'email', 'extra']);
  });
});
