import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './database.js';
import { executePrepared, inline, statementRows } from './statements.js';

/**
 * Values written into statements read back exactly as they were, through the database itself
 * (PGlite here; the PostgreSQL run of the suite takes the pg driver's path).
 */
let handle: DatabaseHandle;
beforeAll(async () => {
  handle = process.env.TEST_DATABASE_URL
    ? await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 2 })
    : await openDatabase({ memory: true });
});
afterAll(async () => handle?.close());

const tricky = [
  "O'Brien",
  'back\\slash',
  "\\'; select 1; --",
  '$1 and $$dollar$$',
  'ünïcödé 😀 \u{10FFFF}',
  'line\nbreak\ttab',
  '"quoted" {braces}',
];

describe('values written into statements', () => {
  it('read back equal, one by one and as arrays', async () => {
    for (const value of tricky) {
      const text = inline({
        sql: 'select $1::text as v, $2::text[] as a',
        parameters: [value, [value, null]],
      });
      const { rows } = await sql.raw<{ v: string; a: (string | null)[] }>(text).execute(handle.db);
      expect(rows[0]).toEqual({ v: value, a: [value, null] });
    }
  });

  it('travel several to a message, each statement answering its own rows', async () => {
    const message = [
      inline({ sql: 'select $1::text as v', parameters: [tricky[0]] }),
      executePrepared({ sql: 'select $1::text as w, $2::int as n', parameters: [tricky[2], 7] }),
      executePrepared({ sql: 'select $1::text as w, $2::int as n', parameters: [tricky[4], 8] }),
    ].join(';\n');
    const result = await handle.db.connection().execute((conn) => sql.raw(message).execute(conn));
    expect(statementRows(result)).toEqual([
      [{ v: tricky[0] }],
      [{ w: tricky[2], n: 7 }],
      [{ w: tricky[4], n: 8 }],
    ]);
  });
});
