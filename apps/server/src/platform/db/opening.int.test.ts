import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrations.js';
import { inTenant, openDatabase, OPENING, type DatabaseHandle } from './database.js';

/**
 * A tenant transaction's opening travels with its first statement (PostgreSQL), and a
 * transaction that runs no statement sends nothing. On both databases: the first statement
 * already runs inside the transaction, as the application role, with the tenant set.
 */
let handle: DatabaseHandle;
let tenantId: string;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

beforeAll(async () => {
  handle = onPostgres
    ? await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, poolSize: 1 })
    : await openDatabase({ memory: true });
  await migrate(handle.db);
  tenantId = (
    await handle.db
      .insertInto('tenants')
      .values({ slug: `opening-${Date.now().toString(36)}`, name: 'Opening', hostnames: [] })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => handle?.close());

/**
 * The messages the pg driver puts on the wire while `work` runs, each with whether the message
 * before it had been answered when it was sent (false: it went out without waiting).
 */
async function messagesSentDuring(work: () => Promise<unknown>): Promise<string[]> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const sent: string[] = [];
  let previousAnswered = true;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = (typeof first === 'string' ? first : (first.text ?? '')).trim().slice(0, 40);
    sent.push(sent.length === 0 ? text : `${text} (${previousAnswered ? 'after' : 'with'} the one before)`);
    previousAnswered = false;
    const out = original.apply(this, args);
    if (out instanceof Promise)
      out.then(
        () => (previousAnswered = true),
        () => (previousAnswered = true),
      );
    return out;
  };
  try {
    await work().catch(() => undefined);
  } finally {
    proto.query = original;
  }
  return sent;
}

describe('a tenant transaction’s opening', () => {
  it('is in force for the first statement: the tenant, the role and one transaction', async () => {
    const seen = await inTenant(handle.db, tenantId, async (tx) => {
      const first = await sql<{ tenant: string; role: string; xid: string }>`
        select current_setting('app.tenant_id') as tenant, current_user as role,
          txid_current()::text as xid`.execute(tx);
      const second = await sql<{ xid: string }>`select txid_current()::text as xid`.execute(tx);
      return { ...first.rows[0]!, again: second.rows[0]!.xid };
    });
    expect(seen.tenant).toBe(tenantId);
    expect(seen.role).toBe('accompany_app');
    expect(seen.again).toBe(seen.xid);
  });

  it('sends nothing for a transaction that runs no statement, and the connection serves the next one', async () => {
    const sent = await messagesSentDuring(() =>
      inTenant(handle.db, tenantId, async () => {
        throw new Error('refused before reading anything');
      }),
    );
    const committed = await messagesSentDuring(() =>
      inTenant(handle.db, tenantId, async () => 'nothing to do'),
    );
    if (onPostgres) {
      expect(sent).toEqual([]);
      expect(committed).toEqual([]);
    }
    // One pooled connection: the next transaction gets it, with nothing held back from before.
    const tenant = await inTenant(handle.db, tenantId, async (tx) => {
      const r = await sql<{ t: string }>`select current_setting('app.tenant_id', true) as t`.execute(tx);
      return r.rows[0]!.t;
    });
    expect(tenant).toBe(tenantId);
  });

  it('goes out with the first statement, not on its own (PostgreSQL)', async () => {
    const sent = await messagesSentDuring(() =>
      inTenant(handle.db, tenantId, (tx) => sql`select 1`.execute(tx)),
    );
    if (onPostgres) {
      expect(sent).toHaveLength(3);
      expect(sent[0]).toContain(OPENING.trim());
      expect(sent[1]).toBe('select 1 (with the one before)');
      expect(sent[2]).toBe('commit (after the one before)');
    } else expect(sent).toEqual([]); // PGlite has no pg client at all
  });

  it('a failing statement rolls back what the transaction wrote, and the connection stays usable', async () => {
    const name = `Opening ${Date.now().toString(36)}`;
    await expect(
      inTenant(handle.db, tenantId, async (tx) => {
        await sql`insert into locations (tenant_id, name, line1, city, state, postal_code, time_zone)
          values (${tenantId}, ${name}, '1 Main', 'Sacramento', 'CA', '95814', 'America/Los_Angeles')
          returning id`.execute(tx);
        await sql`select 1 / 0`.execute(tx);
      }),
    ).rejects.toThrow(/division by zero/);
    const kept = await inTenant(handle.db, tenantId, (tx) =>
      tx.selectFrom('locations').select('id').where('name', '=', name).execute(),
    );
    expect(kept).toEqual([]);
  });

  it('an opening that fails fails the statement that followed it, which never runs outside the transaction', async () => {
    if (!onPostgres) return; // PGlite runs the opening on its own: nothing travels together there
    const name = `Outside ${Date.now().toString(36)}`;
    const result = handle.db.connection().execute(async (conn) => {
      await sql.raw(`${OPENING}begin; select set_config('role', 'no_such_role', true)`).execute(conn);
      try {
        await sql`insert into tenants (slug, name, hostnames) values (${name.toLowerCase().replace(' ', '-')}, ${name}, '{}')`.execute(
          conn,
        );
      } finally {
        await sql.raw('rollback').execute(conn);
      }
    });
    await expect(result).rejects.toThrow(/no_such_role/);
    const rows = await handle.db.selectFrom('tenants').select('id').where('name', '=', name).execute();
    expect(rows).toEqual([]);
  });
});
