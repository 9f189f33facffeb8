import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrations.js';
import {
  canRunThenCommit,
  inTenant,
  openDatabase,
  PREPARED,
  runThenCommit,
  type DatabaseHandle,
} from './database.js';

/**
 * A transaction's last statement followed by its COMMIT in the same flight: what it writes is
 * kept, a failure keeps nothing of the transaction, and the transaction is not committed twice
 * (PGlite here; the PostgreSQL run of the suite takes the pg driver's pipelined path).
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

/** An insert of a location, as a prepared statement. */
const insertLocation = (tx: Parameters<Parameters<typeof inTenant>[2]>[0], name: string) =>
  sql<{
    name: string;
  }>`${sql.raw(PREPARED)}insert into locations (tenant_id, name, line1, city, state, postal_code, time_zone)
    values (${tenantId}, ${name}, '1 Main Street', 'Sacramento', 'CA', '95814', 'America/Los_Angeles')
    returning name`.compile(tx);

describe('runThenCommit', () => {
  it('runs the statement and commits; inTenant then sends no second commit', async () => {
    const rows = await inTenant(handle.db, tenantId, async (tx) => {
      expect(canRunThenCommit(tx)).toBe(true);
      await location(tx, 'Written before the last').execute();
      const result = await runThenCommit(tx, insertLocation(tx, 'Kept with the commit'));
      expect(canRunThenCommit(tx)).toBe(false);
      await expect(runThenCommit(tx, insertLocation(tx, 'Too late'))).rejects.toThrow(
        /open inTenant transaction/,
      );
      return result;
    });
    expect(rows).toEqual([{ name: 'Kept with the commit' }]);
    expect(await named('Kept with the commit')).toHaveLength(1);
    expect(await named('Written before the last')).toHaveLength(1);
    expect(await named('Too late')).toHaveLength(0);
  });

  it('a failing statement keeps nothing of the transaction, and the error reaches the caller', async () => {
    await expect(
      inTenant(handle.db, tenantId, async (tx) => {
        await location(tx, 'Written before').execute();
        await runThenCommit(tx, sql`${sql.raw(PREPARED)}select 1 / ${0}::int`.compile(tx));
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await named('Written before')).toHaveLength(0);
    // The connection is clean for the next transaction.
    expect(await named('Kept with the commit')).toHaveLength(1);
  });

  it('is the first statement of its transaction too: opening, statement and commit in one flight', async () => {
    const rows = await inTenant(handle.db, tenantId, (tx) => runThenCommit(tx, insertLocation(tx, 'Alone')));
    expect(rows).toEqual([{ name: 'Alone' }]);
    expect(await named('Alone')).toHaveLength(1);
  });

  it('is refused outside an inTenant transaction', async () => {
    expect(canRunThenCommit(handle.db)).toBe(false);
    await expect(runThenCommit(handle.db, sql`select 1`.compile(handle.db))).rejects.toThrow();
  });
});
