import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { register } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrations.js';
import { openDatabase, sharedConnections, type DatabaseHandle } from './database.js';
import { mayShare, type SharedConnections } from './shared-connections.js';
import { executePrepared, statementRows } from './statements.js';
import { inTenantPipelined } from './tenant-pipeline.js';

/**
 * One-message transactions of many requests on shared connections (PostgreSQL only: the
 * embedded database has one connection and no such thing). Each message is its own transaction:
 * its settings, its writes and its failure stay its own, whatever travels around it.
 */
let handle: DatabaseHandle;
let shared: SharedConnections;
const tenants: string[] = [];

beforeAll(async () => {
  handle = await openDatabase({
    databaseUrl: process.env.TEST_DATABASE_URL,
    poolSize: 2,
    sharedConnections: 1,
  });
  await migrate(handle.db);
  for (const name of ['Shared A', 'Shared B']) {
    const row = await handle.db
      .insertInto('tenants')
      .values({ slug: `shared-${randomUUID().slice(0, 8)}`, name, hostnames: [] })
      .returning('id')
      .executeTakeFirstOrThrow();
    tenants.push(row.id);
  }
  shared = sharedConnections(handle.db)!;
});
afterAll(async () => handle?.close());

const settingsOf = (tenantId: string) =>
  `select set_config('app.tenant_id', '${tenantId}', true), set_config('role', 'accompany_app', true)`;

const auditInsert = (tenantId: string, marker: string) =>
  `insert into audit_events (tenant_id, action, object_type, outcome, request_id)
   values ('${tenantId}', 'read', 'shared-test', 'success', '${marker}')`;

const kept = async (marker: string) =>
  Number(
    (
      await sql<{ n: string }>`select count(*) as n from audit_events where request_id = ${marker}`.execute(
        handle.db,
      )
    ).rows[0]!.n,
  );

const rowsOf = (answer: unknown) => statementRows(answer as { rows: unknown[] });

/** accompany_db_shared_messages_total by where the messages were placed. */
async function placedSoFar(): Promise<Record<string, number>> {
  const metric = await register.getSingleMetric('accompany_db_shared_messages_total')!.get();
  const out: Record<string, number> = { free: 0, new: 0, busy: 0 };
  for (const v of metric.values) out[String(v.labels.placed)] = v.value;
  return out;
}

const placedSince = async (before: Record<string, number>) => {
  const now = await placedSoFar();
  return Object.fromEntries(Object.keys(now).map((k) => [k, now[k]! - (before[k] ?? 0)]));
};

describe('shared connections', () => {
  it('run the transactions of two tenants side by side, each with its own tenant and role, on one connection', async () => {
    const before = await placedSoFar();
    const answers = await Promise.all(
      Array.from({ length: 120 }, (_, i) => {
        const tenantId = tenants[i % 2]!;
        return shared
          .send([
            settingsOf(tenantId),
            `select current_setting('app.tenant_id', true) as tenant, current_user as role,
               pg_backend_pid() as pid, ${i} as i`,
          ])
          .then((answer) => ({ tenantId, i, row: rowsOf(answer)[1]![0] as Record<string, unknown> }));
      }),
    );
    for (const { tenantId, i, row } of answers) {
      expect(row).toMatchObject({ tenant: tenantId, role: 'accompany_app', i });
    }
    // Shared indeed: 120 transactions, one backend.
    expect(new Set(answers.map((a) => a.row.pid)).size).toBe(1);
    expect(shared.size).toBe(1);
    // The first opened the connection, 15 more filled it, the rest queued behind a deep one.
    expect(await placedSince(before)).toEqual({ new: 1, free: 15, busy: 104 });
  });

  it('end each message with its transaction: nothing of its settings reaches the next', async () => {
    const marker = randomUUID();
    await shared.send([settingsOf(tenants[0]!), auditInsert(tenants[0]!, marker)]);
    const answer = await shared.send([
      `select coalesce(current_setting('app.tenant_id', true), '') as tenant, current_user as role,
         (select count(*)::int from audit_events where request_id = '${marker}') as visible`,
    ]);
    // The connection stays the application role, so without a tenant it sees no tenant's rows.
    expect(rowsOf(answer)[0]![0]).toEqual({ tenant: '', role: 'accompany_app', visible: 0 });
    expect(await kept(marker)).toBe(1);
  });

  it('keep nothing of a failing message, and the messages around it are not disturbed', async () => {
    const [before, failing, after] = [randomUUID(), randomUUID(), randomUUID()];
    const results = await Promise.allSettled([
      shared.send([settingsOf(tenants[0]!), auditInsert(tenants[0]!, before)]),
      shared.send([settingsOf(tenants[1]!), auditInsert(tenants[1]!, failing), 'select 1 / 0']),
      shared.send([settingsOf(tenants[1]!), auditInsert(tenants[1]!, after)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(/division by zero/);
    expect([await kept(before), await kept(failing), await kept(after)]).toEqual([1, 0, 1]);
  });

  it('refuse transaction control before sending anything', async () => {
    const marker = randomUUID();
    for (const control of ['begin', ' COMMIT', '/* opening */ begin', '-- note\nrollback', 'savepoint s']) {
      expect(mayShare(control)).toBe(false);
      await expect(
        shared.send([settingsOf(tenants[0]!), auditInsert(tenants[0]!, marker), control]),
      ).rejects.toThrow(/transaction/);
    }
    expect(await kept(marker)).toBe(0);
    expect(mayShare("select 'begin'")).toBe(true);
    expect(mayShare('beginning_of_time()')).toBe(true);
  });

  it('close a connection that a message left inside a transaction: nothing sent behind it is kept or answered', async () => {
    const [hidden, behind, later] = [randomUUID(), randomUUID(), randomUUID()];
    const pidBefore = rowsOf(await shared.send(['select pg_backend_pid() as pid']))[0]![0] as { pid: number };
    // The first guard reads statements one by one; a BEGIN inside one slips past it.
    const leaving = shared.send([settingsOf(tenants[0]!), `${auditInsert(tenants[0]!, hidden)}; begin`]);
    const queued = shared.send([settingsOf(tenants[0]!), auditInsert(tenants[0]!, behind)]);
    const results = await Promise.allSettled([leaving, queued]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // A BEGIN turns the message's implicit transaction into an open one, and the message behind
    // ran inside it: ending the connection rolled both back.
    expect([await kept(hidden), await kept(behind)]).toEqual([0, 0]);
    await shared.send([settingsOf(tenants[0]!), auditInsert(tenants[0]!, later)]);
    expect(await kept(later)).toBe(1);
    const pidAfter = rowsOf(await shared.send(['select pg_backend_pid() as pid']))[0]![0] as { pid: number };
    expect(pidAfter.pid).not.toBe(pidBefore.pid);
    expect(shared.size).toBe(1);
  });

  it('replace a connection PostgreSQL ends: its messages in flight fail, the next one goes through', async () => {
    const { pid } = rowsOf(await shared.send(['select pg_backend_pid() as pid']))[0]![0] as { pid: number };
    const settled = Promise.allSettled([shared.send(['select pg_sleep(5)']), shared.send(['select 1'])]);
    await sql`select pg_terminate_backend(${pid})`.execute(handle.db);
    const results = await settled;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const next = rowsOf(await shared.send(['select pg_backend_pid() as pid']))[0]![0] as { pid: number };
    expect(next.pid).not.toBe(pid);
    expect(shared.size).toBe(1);
  });

  it('prepare a statement once when many messages use it for the first time together', async () => {
    const text = `/* shared ${randomUUID()} */ select $1::int * 2 as twice`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => shared.send([executePrepared({ sql: text, parameters: [i] })])),
    );
    expect(answers.map((a) => (rowsOf(a)[0]![0] as { twice: number }).twice)).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 2),
    );
  });
});

describe('a tenant transaction sent whole', () => {
  it('goes on a shared connection, and its work cannot run statements outside it', async () => {
    const marker = randomUUID();
    const outcome = await inTenantPipelined(
      handle.db,
      tenants[0]!,
      [`select current_setting('app.tenant_id', true) as tenant, pg_backend_pid() as pid`],
      async ({ tx, opened, withCommit }) => {
        withCommit.push(auditInsert(tenants[0]!, marker));
        const stray = await sql`select 1`.execute(tx).then(
          () => 'ran',
          (error: Error) => error.message,
        );
        return { row: opened[0]![0] as { tenant: string; pid: number }, stray };
      },
      { commitWithOpening: true },
    );
    expect(outcome.row.tenant).toBe(tenants[0]);
    expect(outcome.stray).toMatch(/one message/);
    // What the work added is written in a second transaction, under the same tenant.
    expect(await kept(marker)).toBe(1);
    const lanePid = rowsOf(await shared.send(['select pg_backend_pid() as pid']))[0]![0] as { pid: number };
    expect(outcome.row.pid).toBe(lanePid.pid);
  });

  it('keeps nothing the work added when the work fails', async () => {
    const marker = randomUUID();
    await expect(
      inTenantPipelined(
        handle.db,
        tenants[1]!,
        ['select 1'],
        async ({ withCommit }) => {
          withCommit.push(auditInsert(tenants[1]!, marker));
          throw new Error('refused');
        },
        { commitWithOpening: true },
      ),
    ).rejects.toThrow('refused');
    expect(await kept(marker)).toBe(0);
  });
});

describe('two shared connections', () => {
  let two: DatabaseHandle;
  let lanes: SharedConnections;
  beforeAll(async () => {
    two = await openDatabase({
      databaseUrl: process.env.TEST_DATABASE_URL,
      poolSize: 1,
      sharedConnections: 2,
    });
    lanes = sharedConnections(two.db)!;
  });
  afterAll(async () => two?.close());

  const pidOf = (answer: unknown) => (rowsOf(answer)[0]![0] as { pid: number }).pid;

  it('fill the first while it keeps up: the queue on one connection is what saves the work', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => lanes.send(['select pg_backend_pid() as pid'])),
    );
    expect(new Set(answers.map(pidOf)).size).toBe(1);
    expect(lanes.size).toBe(1);
  });

  it('pass over a connection stalled by a slow message: what comes next does not wait behind it', async () => {
    const before = await placedSoFar();
    const order: string[] = [];
    const slow = lanes
      .send(['select pg_sleep(1)', 'select pg_backend_pid() as pid'])
      .then((answer) => (order.push('slow'), rowsOf(answer)[1]![0] as { pid: number }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const inFlight = await register.getSingleMetric('accompany_db_shared_in_flight')!.get();
    expect(inFlight.values[0]!.value).toBeGreaterThanOrEqual(1);
    const quick = await lanes.send(['select pg_backend_pid() as pid']).then((answer) => {
      order.push('quick');
      return pidOf(answer);
    });
    const { pid: slowPid } = await slow;
    expect(order).toEqual(['quick', 'slow']);
    expect(quick).not.toBe(slowPid);
    expect(lanes.size).toBe(2);
    expect(await placedSince(before)).toEqual({ new: 1, free: 1, busy: 0 });
  });
});
