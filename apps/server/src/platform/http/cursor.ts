import { AppError } from '../errors.js';

/** Opaque keyset-pagination cursors: stable while rows are added, unlike offsets. */
export function encodeCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string[] | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.every((v) => typeof v === 'string')) return values;
  } catch {
    // fall through
  }
  return null;
}

export type CursorPart = 'text' | 'uuid' | 'timestamp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const fits: Record<CursorPart, (v: string) => boolean> = {
  text: () => true,
  uuid: (v) => UUID.test(v),
  // A UTC ISO 8601 time with up to microseconds, and a real date (no 30 February).
  timestamp: (v) => {
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,6})?Z$/.exec(v);
    const d = m ? new Date(`${m[1]}Z`) : null;
    return d !== null && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19) === m![1];
  },
};

/**
 * The values of a cursor this server made for a list ordered by `parts`. A cursor that was
 * not (tampered, truncated, from another list) is a 400: its values go into SQL comparisons,
 * where a wrong type would be a database error.
 */
export function readCursor(cursor: string | undefined, parts: CursorPart[]): string[] | null {
  if (cursor === undefined || cursor === '') return null;
  const values = decodeCursor(cursor);
  if (!values || values.length !== parts.length || !values.every((v, i) => fits[parts[i]!](v))) {
    throw new AppError('validation_failed', 'The page cursor is not valid: start again from the first page', {
      errors: [{ path: 'cursor', message: 'Not a cursor from this list' }],
    });
  }
  return values;
}
