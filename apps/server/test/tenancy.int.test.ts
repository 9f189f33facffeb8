import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../src/platform/db/database.js';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import { addSecondTenant, type SecondTenant } from './second-tenant.js';

/**
 * Two organizations on one database. Tenant A is the demo organization (localhost);
 * tenant B answers on other.example. The service layer never lets A reach B, and
 * row-level security holds even for a query that forgets its tenant filter.
 */
// Every table with a tenant_id (migrations/001_foundation.sql); a test below keeps this list honest.
// prettier-ignore
const TENANT_TABLES = [
  'tenants', 'locations', 'patients', 'users', 'sessions', 'auth_tokens', 'invitations', 'recovery_codes',
  'passkeys', 'webauthn_challenges', 'rate_limits', 'audit_events', 'outbox', 'notifications', 'caught_mail', 'jobs',
  'smart_clients', 'smart_grants', 'oauth_records', 'smart_signing_keys', 'fhir_resources', 'fhir_history', 'fhir_index', 'fhir_exports', 'fhir_export_files',
  // Directory and scheduling
  'providers', 'visit_types', 'provider_schedules', 'schedule_exceptions', 'appointments', 'slot_cells',
  'waitlist_entries', 'waitlist_offers', 'scheduling_settings',
  'billing_policies', 'billing_accounts', 'ledger_entries', 'payment_methods', 'statements', 'payments', 'payment_plans',
  'plan_installments', 'autopay_enrolments', 'gateway_events', 'sandbox_gateway_tokens', 'sandbox_gateway_charges',
];
// Tables B surely has rows in after set-up, so that seeing none of them means something.
// prettier-ignore
const B_HAS_ROWS = new Set([
  'tenants', 'patients', 'users', 'sessions', 'invitations', 'recovery_codes', 'audit_events', 'outbox',
  'notifications', 'caught_mail', 'jobs',
]);

let server: TestServer;
let tenantA: string;
let tenantB: string;
let adminA: TestClient;
let adminB: TestClient;
let patientB: TestClient;
let b: SecondTenant;
/** Every table of the schema with a tenant_id column. */
let tenantTables: string[];

beforeAll(async () => {
  server = await startTestServer();
  tenantA = server.tenantId;
  b = await addSecondTenant(server);
  tenantB = b.tenantId;
  adminB = b.admin;
  patientB = b.patient;
  adminA = new TestClient(server.app);
  await enrolStaff(adminA, 'admin@riverside.example');
  const invited = await adminA.post('/api/staff/invitations', {
    email: 'newhire@riverside.example',
    role: 'billing',
    givenName: 'Ann',
    familyName: 'Hire',
  });
  expect(invited.status).toBe(201);
  await server.runtime.worker.drain();
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.columns
    where table_schema = 'public' and column_name = 'tenant_id' order by 1`.execute(
    server.runtime.database.db,
  );
  tenantTables = tables.rows.map((t) => t.name);
});
afterAll(async () => server?.close());

/** Every page of a cursor-paginated list. */
async function allPages<T>(client: TestClient, url: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res: { status: number; body: { items: T[]; nextCursor: string | null } } = await client.get(
      `${url}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

describe('through the API, a user of tenant A reaches nothing of tenant B', () => {
  it('B sees its own data (so the checks below can fail)', async () => {
    expect(
      (await adminB.get<{ items: { id: string }[] }>('/api/staff/patients?q=quintero')).body.items.map(
        (p) => p.id,
      ),
    ).toEqual([b.patientId]);
    expect((await adminB.get(`/api/staff/mail/${b.mailId}`)).status).toBe(200);
    expect(
      (await adminB.get<{ items: { id: string }[] }>('/api/staff/jobs/dead')).body.items.map((j) => j.id),
    ).toContain(b.deadJobId);
    expect(
      (await adminB.get<{ items: unknown[] }>(`/api/staff/patients/${b.patientId}/access-log`)).body.items
        .length,
    ).toBeGreaterThan(0);
  });

  it('patients: search by name, email and MRN, the full list, a direct read and the access log', async () => {
    for (const q of ['Quintero', 'zelda@other.example', 'B0000001']) {
      const res = await adminA.get<{ items: unknown[] }>(`/api/staff/patients?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
    const all = await allPages<{ id: string }>(adminA, '/api/staff/patients');
    expect(all.length).toBeGreaterThanOrEqual(240);
    expect(all.map((p) => p.id)).not.toContain(b.patientId);
    const read = await adminA.get<{ code: string }>(`/api/staff/patients/${b.patientId}`);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('not_found');
    const log = await adminA.get<{ items: unknown[] }>(`/api/staff/patients/${b.patientId}/access-log`);
    expect(log.body.items).toEqual([]);
  });

  it('users: the list, a search, and a change to a B account', async () => {
    const all = await allPages<{ id: string; email: string }>(adminA, '/api/staff/users');
    expect(all.some((u) => u.email.endsWith('@other.example'))).toBe(false);
    expect((await adminA.get<{ items: unknown[] }>('/api/staff/users?q=other.example')).body.items).toEqual(
      [],
    );
    const change = await adminA.patch<{ code: string }>(`/api/staff/users/${b.adminId}`, { disabled: true });
    expect(change.status).toBe(404);
    const stillActive = await server.runtime.database.db
      .selectFrom('users')
      .select('disabled_at')
      .where('id', '=', b.adminId)
      .executeTakeFirstOrThrow();
    expect(stillActive.disabled_at).toBeNull();
  });

  it('audit trail: by patient, by actor and unfiltered', async () => {
    const bEvents = await server.runtime.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('tenant_id', '=', tenantB)
      .execute();
    expect(bEvents.length).toBeGreaterThan(0);
    expect(
      (await adminA.get<{ items: unknown[] }>(`/api/staff/audit?patientId=${b.patientId}`)).body.items,
    ).toEqual([]);
    expect(
      (await adminA.get<{ items: unknown[] }>(`/api/staff/audit?actorId=${b.adminId}`)).body.items,
    ).toEqual([]);
    const all = await allPages<{ id: string }>(adminA, '/api/staff/audit');
    const seen = new Set(all.map((e) => e.id));
    expect(bEvents.filter((e) => seen.has(e.id))).toEqual([]);
  });

  it('mail, invitations and dead jobs', async () => {
    const mail = await adminA.get<{ items: { id: string; to: string }[] }>('/api/staff/mail');
    expect(mail.body.items.length).toBeGreaterThan(0);
    expect(mail.body.items.map((m) => m.id)).not.toContain(b.mailId);
    expect(
      (await adminA.get<{ items: unknown[] }>('/api/staff/mail?to=newhire@other.example')).body.items,
    ).toEqual([]);
    expect((await adminA.get(`/api/staff/mail/${b.mailId}`)).status).toBe(404);

    const invitations = await adminA.get<{ items: { id: string }[] }>('/api/staff/invitations');
    expect(invitations.body.items.length).toBeGreaterThan(0);
    expect(invitations.body.items.map((i) => i.id)).not.toContain(b.invitationId);

    expect(
      (await adminA.get<{ items: { id: string }[] }>('/api/staff/jobs/dead')).body.items.map((j) => j.id),
    ).not.toContain(b.deadJobId);
    expect((await adminA.post(`/api/staff/jobs/${b.deadJobId}/retry`)).status).toBe(404);
    const job = await server.runtime.database.db
      .selectFrom('jobs')
      .select('status')
      .where('id', '=', b.deadJobId)
      .executeTakeFirstOrThrow();
    expect(job.status).toBe('dead');
  });

  it("does not accept a tenant-B session cookie on tenant A's host", async () => {
    const cookie = `accompany_session=${patientB.cookie('accompany_session')}`;
    const onB = await server.app.inject({
      method: 'GET',
      url: '/api/me/profile',
      headers: { host: b.host, cookie },
    });
    expect(onB.statusCode).toBe(200);
    const onA = await server.app.inject({
      method: 'GET',
      url: '/api/me/profile',
      headers: { host: 'localhost:3000', cookie },
    });
    expect(onA.statusCode).toBe(401);
    expect(onA.headers['content-type']).toContain('application/problem+json');
    const session = await server.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { host: 'localhost:3000', cookie },
    });
    expect(session.json()).toMatchObject({ user: null, tenant: { slug: 'demo' } });
  });
});

const countOf = async (table: string, tenantId: string) => {
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(
    server.runtime.database.db,
  );
  return r.rows[0]!.n;
};

describe('row-level security, for a query that forgets the tenant filter', () => {
  it('is on, with the tenant policy, for every table that has a tenant_id', async () => {
    expect(tenantTables).toEqual([...TENANT_TABLES].sort());
    const protectedTables = await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_policy p on p.polrelid = c.oid
      where c.relrowsecurity and p.polname = 'tenant_isolation' order by 1`.execute(
      server.runtime.database.db,
    );
    expect(protectedTables.rows.map((r) => r.name)).toEqual(tenantTables);
  });

  it.each(TENANT_TABLES)('%s: a tenant transaction sees exactly its own rows', async (table) => {
    const db = server.runtime.database.db;
    for (const [mine, other] of [
      [tenantA, tenantB],
      [tenantB, tenantA],
    ] as const) {
      const seen = await inTenant(
        db,
        mine,
        async (tx) =>
          (await sql<{ tenant_id: string }>`select tenant_id from ${sql.table(table)}`.execute(tx)).rows,
      );
      expect(seen.every((r) => r.tenant_id === mine)).toBe(true);
      expect(seen.length).toBe(await countOf(table, mine));
      if (B_HAS_ROWS.has(table)) expect(await countOf(table, other)).toBeGreaterThan(0);
    }
  });

  it('the typed query builder is held to the same wall', async () => {
    const db = server.runtime.database.db;
    const patients = await inTenant(db, tenantA, (tx) => tx.selectFrom('patients').selectAll().execute());
    expect(patients.length).toBeGreaterThanOrEqual(240);
    expect(patients.map((p) => p.id)).not.toContain(b.patientId);
    const byId = await inTenant(db, tenantA, (tx) =>
      tx.selectFrom('users').selectAll().where('id', '=', b.adminId).execute(),
    );
    expect(byId).toEqual([]);
  });

  it('an unknown tenant sees nothing at all', async () => {
    const rows = await inTenant(server.runtime.database.db, '00000000-0000-4000-8000-000000000000', (tx) =>
      tx.selectFrom('patients').select('id').execute(),
    );
    expect(rows).toEqual([]);
  });

  it("refuses to insert a row carrying tenant B's id inside tenant A's transaction", async () => {
    const db = server.runtime.database.db;
    const inserts: Record<string, (tenantId: string) => Promise<unknown>> = {
      patients: (t) =>
        inTenant(db, tenantA, (tx) =>
          tx
            .insertInto('patients')
            .values({
              tenant_id: t,
              mrn: 'X0000001',
              given_name: 'In',
              family_name: 'Truder',
              birth_date: '1990-01-01',
              preferred_locale: 'en',
            })
            .execute(),
        ),
      users: (t) =>
        inTenant(db, tenantA, (tx) =>
          tx
            .insertInto('users')
            .values({
              tenant_id: t,
              email: 'intruder@other.example',
              role: 'admin',
              locale: 'en',
              given_name: 'In',
              family_name: 'Truder',
            })
            .execute(),
        ),
      sessions: (t) =>
        inTenant(db, tenantA, (tx) =>
          tx
            .insertInto('sessions')
            .values({
              tenant_id: t,
              user_id: b.adminId,
              token_hash: `forged-${t}`,
              csrf_token: 'x',
              stage: 'active',
              expires_at: sql`now() + interval '1 hour'`,
            })
            .execute(),
        ),
      audit_events: (t) =>
        inTenant(db, tenantA, (tx) =>
          tx
            .insertInto('audit_events')
            .values({ tenant_id: t, action: 'read', object_type: 'Patient', outcome: 'success' })
            .execute(),
        ),
      caught_mail: (t) =>
        inTenant(db, tenantA, (tx) =>
          tx
            .insertInto('caught_mail')
            .values({
              tenant_id: t,
              to_address: 'x@other.example',
              subject: 's',
              template: 't',
              text_body: 't',
              html_body: 'h',
            })
            .execute(),
        ),
      jobs: (t) =>
        inTenant(db, tenantA, (tx) =>
          tx.insertInto('jobs').values({ tenant_id: t, queue: 'test.unhandled', payload: '{}' }).execute(),
        ),
      notifications: (t) =>
        inTenant(db, tenantA, (tx) =>
          tx
            .insertInto('notifications')
            .values({ tenant_id: t, user_id: b.adminId, kind: 'x', title: 't', body: 'b' })
            .execute(),
        ),
    };
    for (const [table, insert] of Object.entries(inserts)) {
      const before = await countOf(table, tenantB);
      await expect(insert(tenantB), table).rejects.toThrow(/row-level security/);
      expect(await countOf(table, tenantB), table).toBe(before);
    }
    // The same insert with A's own id is fine: the refusal above is the tenant check, not a bad row.
    await inserts.jobs!(tenantA);
  });

  it("updates and deletes of tenant B's rows from tenant A's transaction touch 0 rows", async () => {
    const db = server.runtime.database.db;
    const tables = [
      'patients',
      'users',
      'sessions',
      'invitations',
      'outbox',
      'caught_mail',
      'jobs',
      'notifications',
    ] as const;
    for (const table of tables) {
      const before = await countOf(table, tenantB);
      const { updated, deleted } = await inTenant(db, tenantA, async (tx) => {
        const u =
          await sql`update ${sql.table(table)} set tenant_id = tenant_id where tenant_id = ${tenantB}`.execute(
            tx,
          );
        const d = await sql`delete from ${sql.table(table)} where tenant_id = ${tenantB}`.execute(tx);
        return { updated: Number(u.numAffectedRows ?? 0n), deleted: Number(d.numAffectedRows ?? 0n) };
      });
      expect({ table, updated, deleted }).toEqual({ table, updated: 0, deleted: 0 });
      expect(await countOf(table, tenantB)).toBe(before);
    }
    const name = await db
      .selectFrom('patients')
      .select('given_name')
      .where('id', '=', b.patientId)
      .executeTakeFirstOrThrow();
    expect(name.given_name).toBe('Zelda');
  });

  it("cannot move one of A's rows into tenant B", async () => {
    const db = server.runtime.database.db;
    await expect(
      inTenant(db, tenantA, (tx) =>
        tx.updateTable('caught_mail').set({ tenant_id: tenantB }).where('tenant_id', '=', tenantA).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('keeps audit_events append-only for the application role, even for its own rows', async () => {
    const db = server.runtime.database.db;
    const before = await countOf('audit_events', tenantA);
    expect(before).toBeGreaterThan(0);
    await expect(
      inTenant(db, tenantA, (tx) => tx.updateTable('audit_events').set({ outcome: 'denied' }).execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(inTenant(db, tenantA, (tx) => tx.deleteFrom('audit_events').execute())).rejects.toThrow(
      /permission denied/,
    );
    expect(await countOf('audit_events', tenantA)).toBe(before);
    const denied = await db
      .selectFrom('audit_events')
      .select('id')
      .where('outcome', '=', 'denied')
      .where('tenant_id', '=', tenantA)
      .execute();
    expect(denied).toEqual([]);
  });
});
