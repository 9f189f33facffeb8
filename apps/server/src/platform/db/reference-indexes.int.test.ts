import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from './migrations.js';
import { openDatabase, type DatabaseHandle } from './database.js';

/**
 * Deleting a row makes the database look for rows that still refer to it, once per foreign key.
 * Without an index led by the referring columns, that look-up reads the whole referring table:
 * a deleted appointment once cost a scan of every appointment (for `rescheduled_from`). Every
 * foreign key to a table the server deletes from must therefore have such an index.
 */
const srcRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Tables the server's code deletes rows from, found in its source. */
function tablesDeletedFrom(dir = srcRoot, found = new Set<string>()): Set<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tablesDeletedFrom(path, found);
    else if (name.endsWith('.ts') && !name.includes('.test.')) {
      const text = readFileSync(path, 'utf8');
      for (const m of text.matchAll(/deleteFrom\('([a-z_]+)'\)|\bdelete from ([a-z_]+)/gi))
        found.add((m[1] ?? m[2])!.toLowerCase());
    }
  }
  return found;
}

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = process.env.TEST_DATABASE_URL
    ? await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 2 })
    : await openDatabase({ memory: true });
  await migrate(handle.db);
});
afterAll(async () => handle?.close());

it('finds the tables the server deletes from', () => {
  const tables = tablesDeletedFrom();
  // The scan must see the deletes this test exists for; an empty set would pass anything.
  expect(tables.has('appointments')).toBe(true);
  expect(tables.has('sessions')).toBe(true);
});

it('indexes every foreign key that points at a table the server deletes from', async () => {
  const deleted = [...tablesDeletedFrom()];
  const { rows } = await sql<{ referring: string; referred: string; columns: string }>`
    select c.conrelid::regclass::text as referring, c.confrelid::regclass::text as referred,
      (select string_agg(a.attname, ', ' order by k.n) from unnest(c.conkey) with ordinality k(attnum, n)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum) as columns
    from pg_constraint c
    where c.contype = 'f' and c.confrelid::regclass::text = any(${deleted})
      and not exists (select 1 from pg_index i where i.indrelid = c.conrelid
        and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] = c.conkey)
    order by 2, 1`.execute(handle.db);
  expect(rows.map((r) => `${r.referring} (${r.columns}) -> ${r.referred}`)).toEqual([]);
  // And the query can see a foreign key at all: the appointments' cells refer to them.
  const { rows: keys } = await sql<{ n: number }>`
    select count(*)::int as n from pg_constraint
    where contype = 'f' and confrelid = 'appointments'::regclass`.execute(handle.db);
  expect(keys[0]!.n).toBeGreaterThanOrEqual(3);
});
