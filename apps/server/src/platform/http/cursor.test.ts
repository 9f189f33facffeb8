import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('cursors', () => {
  it('round-trips values', () => {
    expect(decodeCursor(encodeCursor(['2026-01-01T00:00:00.000Z', 'abc']))).toEqual([
      '2026-01-01T00:00:00.000Z',
      'abc',
    ]);
  });
  it('treats garbage as no cursor instead of failing', () => {
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('%%%')).toBeNull();
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toBeNull();
    expect(decodeCursor(Buffer.from('[1,2]').toString('base64url'))).toBeNull();
  });
});
