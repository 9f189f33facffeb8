import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrations.js';
import { canCommitWith, commitWith, inTenant, openDatabase, type DatabaseHandle } from './database.js';
import { executePrepared } from './statements.js';

/**
 * A transaction's last statements travelling with its COMMIT: what they write is kept, what
 * fails keeps nothing, and the transaction is not committed twice (PGlite here; the PostgreSQL
 * run of the suite takes the pg driver's path).
 */
let handle: DatabaseHandle;
let tenantId: string;
beforeAll(async () => {
  handle = process.env.TEST_DATABASE_URL
    ? await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 2 })
    : await openDatabase({ memory: true });
  await migrate(handle.db);
  const slug = `commit-with-${Date.now().toString(36)}`;
  tenantId = (
    await handle.db
      .insertInto('tenants')
      .values({ slug, name: 'Commit With', hostnames: [] })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => handle?.close());

const location = (tx: Parameters<Parameters<typeof inTenant>[2]>[0], name: string) =>
  tx.insertInto('locations').values({
    tenant_id: tenantId,
    name,
    line1: '1 Main Street',
    city: 'Sacramento',
    state: 'CA',
    postal_code: '95814',
    time_zone: 'America/Los_Angeles',
  });

const named = async (name: string) =>
  inTenant(handle.db, tenantId, (tx) =>
    tx.selectFrom('locations').select('name').where('name', '=', name).execute(),
  );

describe('commitWith', () => {
  it('writes its statements and commits in one message; inTenant then sends no second commit', async () => {
    const rows = await inTenant(handle.db, tenantId, async (tx) => {
      expect(canCommitWith(tx)).toBe(true);
      const insert = location(tx, 'Kept with the commit').returning('name').compile();
      const result = await commitWith(tx, [executePrepared(insert)]);
      expect(canCommitWith(tx)).toBe(false);
      await expect(commitWith(tx, ['select 1'])).rejects.toThrow(/open inTenant transaction/);
      return result;
    });
    expect(rows).toEqual([[{ name: 'Kept with the commit' }]]);
    expect(await named('Kept with the commit')).toHaveLength(1);
  });

  it('a failing statement keeps nothing of the transaction, and the error reaches the caller', async () => {
    await expect(
      inTenant(handle.db, tenantId, async (tx) => {
        await location(tx, 'Written before').execute();
        await commitWith(tx, [executePrepared(location(tx, 'Written with').compile()), 'select 1/0']);
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await named('Written before')).toHaveLength(0);
    expect(await named('Written with')).toHaveLength(0);
  });

  it('is refused outside an inTenant transaction', async () => {
    expect(canCommitWith(handle.db)).toBe(false);
    await expect(commitWith(handle.db, [sql`select 1`.compile(handle.db).sql])).rejects.toThrow();
  });
});
