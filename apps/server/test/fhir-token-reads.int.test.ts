import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importForTenant } from '../src/fhir/import/import.service.js';
import { search } from '../src/fhir/search/search.service.js';
import { insertClient } from '../src/fhir/smart/clients.repository.js';
import { insertGrant, revokeGrant } from '../src/fhir/smart/grants.repository.js';
import { saveRecord } from '../src/fhir/smart/oauth-records.js';
import { inTenant, sharedConnections } from '../src/platform/db/database.js';
import { inTenantPipelined } from '../src/platform/db/tenant-pipeline.js';
import { startTestServer, type TestServer } from './harness.js';
import { addSecondTenant, type SecondTenant } from './second-tenant.js';

/**
 * Reads with SMART tokens go the short way: the token's lookup and the resource row travel with
 * the transaction's opening, the audit record with its commit. They must refuse exactly what the
 * long way refuses (an expired or revoked token, a retired client, another patient, another
 * tenant, a scope that does not cover the type) and record every read they answer.
 * Tokens are stored as the authorization server stores them (by hash, with their grant).
 */
let server: TestServer;
let other: SecondTenant;
const clientId = 'reads-test-app';
let a: { patientId: string; userId: string };
let b: { patientId: string };
const BASE = 'http://localhost:3000/fhir/R4';
const obsA = randomUUID();
const gone = randomUUID();
const temperatures = [randomUUID(), randomUUID()].sort();

/** A patient app's access token for patient A, stored as the token endpoint stores it. */
async function patientToken(
  options: { scope?: string; expiresIn?: number; tenantId?: string; grantId?: string } = {},
) {
  const tenantId = options.tenantId ?? server.tenantId;
  const value = randomBytes(32).toString('base64url');
  const grantId = options.grantId ?? randomUUID();
  const scope = options.scope ?? 'launch/patient patient/*.rs';
  await inTenant(server.runtime.database.db, tenantId, async (tx) => {
    if (!options.grantId) {
      await insertGrant(tx, {
        tenantId,
        id: grantId,
        clientId,
        userId: a.userId,
        patientId: a.patientId,
        scopes: scope.split(' '),
      });
    }
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = options.expiresIn ?? 600;
    await saveRecord(
      tx,
      tenantId,
      'AccessToken',
      value,
      { kind: 'AccessToken', clientId, grantId, scope, iat: now, exp: now + expiresIn },
      expiresIn > 0 ? expiresIn : 1,
    );
  });
  return { value, grantId };
}

const read = (token: string, path: string, host?: string) =>
  server.app.inject({
    method: 'GET',
    url: `/fhir/R4/${path}`,
    headers: { authorization: `Bearer ${token}`, ...(host ? { host } : {}) },
  });

const auditRows = (objectId: string) =>
  server.runtime.database.db
    .selectFrom('audit_events')
    .select(['action', 'outcome', 'object_type', 'patient_id', 'actor_id', 'actor_client_id'])
    .where('object_id', '=', objectId)
    .execute();

beforeAll(async () => {
  server = await startTestServer();
  const db = server.runtime.database.db;
  const users = await db
    .selectFrom('users')
    .select(['id', 'patient_id'])
    .where('role', '=', 'patient')
    .where('patient_id', 'is not', null)
    .orderBy('email')
    .limit(2)
    .execute();
  a = { patientId: users[0]!.patient_id!, userId: users[0]!.id };
  b = { patientId: users[1]!.patient_id! };
  const put = (resource: { resourceType: string; id: string }) => ({
    resource,
    request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
  });
  const observation = (id: string, code = '8867-4') => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${a.patientId}` },
  });
  await importForTenant(
    db,
    { id: server.tenantId, slug: 'demo', name: 'Riverside' },
    {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        put({ resourceType: 'Patient', id: a.patientId, name: [{ family: 'Alpha' }] } as never),
        put({ resourceType: 'Patient', id: b.patientId, name: [{ family: 'Bravo' }] } as never),
        put(observation(obsA)),
        put(observation(gone)),
        ...temperatures.map((id) => put(observation(id, '8310-5'))),
      ],
    },
    BASE,
    'setup',
  );
  await importForTenant(
    db,
    { id: server.tenantId, slug: 'demo', name: 'Riverside' },
    {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ request: { method: 'DELETE', url: `Observation/${gone}` } }],
    },
    BASE,
    'setup',
  );
  await inTenant(db, server.tenantId, (tx) =>
    insertClient(tx, server.tenantId, {
      clientId,
      name: 'Reads Test App',
      kind: 'app',
      authMethod: 'none',
      redirectUris: ['http://app.example/callback'],
      scopes: 'launch/patient patient/*.rs',
      jwks: null,
      secretSealed: null,
      createdBy: null,
    }),
  );
  other = await addSecondTenant(server);
});
afterAll(async () => server?.close());

describe('a read with a live patient token', () => {
  it("answers the patient's own resource and records the read, naming the app and the patient", async () => {
    const { value, grantId } = await patientToken();
    const res = await read(value, `Observation/${obsA}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ resourceType: 'Observation', id: obsA });
    expect(res.headers.etag).toBe('W/"1"');
    expect(await auditRows(obsA)).toContainEqual({
      action: 'read',
      outcome: 'success',
      object_type: 'fhir:Observation',
      patient_id: a.patientId,
      actor_id: a.userId,
      actor_client_id: clientId,
    });
    // The grant's use is noted (the Connected apps page shows it).
    const grant = await server.runtime.database.db
      .selectFrom('smart_grants')
      .select('last_used_at')
      .where('id', '=', grantId)
      .executeTakeFirstOrThrow();
    expect(grant.last_used_at).not.toBeNull();
  });

  it('writes one audit record per read, also when the same token reads again', async () => {
    const { value } = await patientToken();
    const before = (await auditRows(a.patientId)).length;
    for (let i = 0; i < 3; i++) expect((await read(value, `Patient/${a.patientId}`)).statusCode).toBe(200);
    expect((await auditRows(a.patientId)).length).toBe(before + 3);
  });

  it("answers another patient's resource as not found, and records nothing as read", async () => {
    const { value } = await patientToken();
    const res = await read(value, `Patient/${b.patientId}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    expect(JSON.stringify(res.json())).not.toContain('Bravo');
    expect((await auditRows(b.patientId)).filter((r) => r.actor_client_id === clientId)).toEqual([]);
  });

  it('answers a deleted resource as gone without recording a read', async () => {
    const { value } = await patientToken();
    expect((await read(value, `Observation/${gone}`)).statusCode).toBe(410);
    expect((await auditRows(gone)).filter((r) => r.action === 'read')).toEqual([]);
  });

  it('refuses a type its scopes do not cover with 403, and records the refusal', async () => {
    const { value } = await patientToken({ scope: 'launch/patient patient/Condition.rs' });
    const res = await read(value, `Observation/${obsA}`);
    expect(res.statusCode).toBe(403);
    const rows = (await auditRows(obsA)).filter((r) => r.outcome === 'denied');
    expect(rows).toContainEqual(
      expect.objectContaining({ action: 'read', actor_client_id: clientId, object_type: 'fhir:Observation' }),
    );
  });
});

describe('a read with a token that no longer stands', () => {
  it('refuses a revoked grant at once', async () => {
    const { value, grantId } = await patientToken();
    expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(200);
    await inTenant(server.runtime.database.db, server.tenantId, (tx) => revokeGrant(tx, grantId, null));
    const before = (await auditRows(obsA)).length;
    const res = await read(value, `Observation/${obsA}`);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    expect((await auditRows(obsA)).length).toBe(before);
  });

  it('refuses a token whose grant was revoked even though its own record is still there', async () => {
    const { value, grantId } = await patientToken();
    await inTenant(server.runtime.database.db, server.tenantId, (tx) =>
      tx
        .updateTable('smart_grants')
        .set({ revoked_at: sql<Date>`now()` })
        .where('id', '=', grantId)
        .execute(),
    );
    expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(401);
  });

  it('refuses an expired token', async () => {
    const { value } = await patientToken({ expiresIn: -5 });
    expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(401);
  });

  it('refuses every token of a retired client, and a value that is no token at all', async () => {
    const { value } = await patientToken();
    expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(200);
    const db = server.runtime.database.db;
    await inTenant(db, server.tenantId, (tx) =>
      tx
        .updateTable('smart_clients')
        .set({ disabled_at: sql<Date>`now()` })
        .where('client_id', '=', clientId)
        .execute(),
    );
    try {
      expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(401);
    } finally {
      await inTenant(db, server.tenantId, (tx) =>
        tx
          .updateTable('smart_clients')
          .set({ disabled_at: null })
          .where('client_id', '=', clientId)
          .execute(),
      );
    }
    for (const bad of ["x' or '1'='1", 'short', `${'a'.repeat(40)}\\'; drop table audit_events; --`]) {
      expect((await read(bad, `Observation/${obsA}`)).statusCode).toBe(401);
    }
  });

  it("is not found on another organization's host: a token lives in its own tenant", async () => {
    const { value } = await patientToken();
    const res = await read(value, `Observation/${obsA}`, other.host);
    expect(res.statusCode).toBe(401);
    const theirs = await inTenant(server.runtime.database.db, other.tenantId, (tx) =>
      tx.selectFrom('audit_events').select('id').where('actor_client_id', '=', clientId).execute(),
    );
    expect(theirs).toEqual([]);
  });
});

/**
 * The messages sent to the database while `run` runs that name any of `names` (one request's, since the
 * tests run one request at a time): on PostgreSQL each is one round trip, on PGlite one exec.
 */
async function messagesNaming(names: string | string[], run: () => Promise<unknown>): Promise<number> {
  const any = Array.isArray(names) ? names : [names];
  const onWire = vi.spyOn(pg.Client.prototype, 'query');
  const embedded = vi.spyOn(PGlite.prototype, 'exec');
  try {
    await run();
    return [...onWire.mock.calls, ...embedded.mock.calls].filter((c) =>
      any.some((name) => JSON.stringify(c[0]).includes(name)),
    ).length;
  } finally {
    onWire.mockRestore();
    embedded.mockRestore();
  }
}

describe('a read by a token seen before (its audit record sent with the opening)', () => {
  it('takes one message where the first read took two, and records each read once, alike', async () => {
    const { value } = await patientToken();
    const before = (await auditRows(obsA)).length;
    expect(await messagesNaming(obsA, () => read(value, `Observation/${obsA}`))).toBe(2);
    await read(value, `Observation/${obsA}`); // the connection prepares the record's statement
    let res: Awaited<ReturnType<typeof read>> | undefined;
    expect(await messagesNaming(obsA, async () => (res = await read(value, `Observation/${obsA}`)))).toBe(1);
    expect(res!.statusCode).toBe(200);
    expect(res!.json()).toMatchObject({ resourceType: 'Observation', id: obsA });
    const rows = (await auditRows(obsA)).slice(before);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toEqual({
        action: 'read',
        outcome: 'success',
        object_type: 'fhir:Observation',
        patient_id: a.patientId,
        actor_id: a.userId,
        actor_client_id: clientId,
      });
    }
  });

  it("records nothing for another patient's resource or a deleted one, after reads that were recorded", async () => {
    const { value } = await patientToken();
    expect((await read(value, `Patient/${a.patientId}`)).statusCode).toBe(200);
    expect((await read(value, `Patient/${a.patientId}`)).statusCode).toBe(200);
    const res = await read(value, `Patient/${b.patientId}`);
    expect(res.statusCode).toBe(404);
    expect(JSON.stringify(res.json())).not.toContain('Bravo');
    expect((await auditRows(b.patientId)).filter((r) => r.actor_client_id === clientId)).toEqual([]);
    expect((await read(value, `Observation/${gone}`)).statusCode).toBe(410);
    expect((await auditRows(gone)).filter((r) => r.action === 'read')).toEqual([]);
  });

  it('refuses a type outside the scopes with one denied record, however often the token read before', async () => {
    const { value } = await patientToken({ scope: 'launch/patient patient/Patient.rs' });
    expect((await read(value, `Patient/${a.patientId}`)).statusCode).toBe(200);
    expect((await read(value, `Patient/${a.patientId}`)).statusCode).toBe(200);
    const before = await auditRows(obsA);
    expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(403);
    const added = (await auditRows(obsA)).slice(before.length);
    expect(added).toEqual([expect.objectContaining({ action: 'read', outcome: 'denied' })]);
  });

  it('records nothing and answers 401 once the grant was revoked between two reads', async () => {
    const { value, grantId } = await patientToken();
    expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(200);
    expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(200);
    await inTenant(server.runtime.database.db, server.tenantId, (tx) => revokeGrant(tx, grantId, null));
    const before = (await auditRows(obsA)).length;
    expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(401);
    expect((await auditRows(obsA)).length).toBe(before);
  });

  it('does not record on the guess when the grant changed since (another patient in context)', async () => {
    const { value, grantId } = await patientToken();
    expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(200);
    // The grant now names patient B: the record written on the old verdict would be A's.
    await inTenant(server.runtime.database.db, server.tenantId, (tx) =>
      tx.updateTable('smart_grants').set({ patient_id: b.patientId }).where('id', '=', grantId).execute(),
    );
    const before = (await auditRows(obsA)).length;
    expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(404);
    expect((await auditRows(obsA)).length).toBe(before);
  });

  it("records a backend service's reads under its client, with no person, once each", async () => {
    const backend = `reads-backend-${randomUUID().slice(0, 8)}`;
    const value = randomBytes(32).toString('base64url');
    await inTenant(server.runtime.database.db, server.tenantId, async (tx) => {
      await insertClient(tx, server.tenantId, {
        clientId: backend,
        name: 'Reads Test Feed',
        kind: 'backend',
        authMethod: 'private_key_jwt',
        redirectUris: [],
        scopes: 'system/*.rs',
        jwks: { keys: [] },
        secretSealed: null,
        createdBy: null,
      });
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        kind: 'ClientCredentials',
        clientId: backend,
        scope: 'system/*.rs',
        iat: now,
        exp: now + 600,
      };
      await saveRecord(tx, server.tenantId, 'ClientCredentials', value, payload, 600);
    });
    const before = (await auditRows(obsA)).length;
    for (let i = 0; i < 3; i++) expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(200);
    expect(await messagesNaming(obsA, () => read(value, `Observation/${obsA}`))).toBe(1);
    const rows = (await auditRows(obsA)).slice(before);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row).toEqual({
        action: 'read',
        outcome: 'success',
        object_type: 'fhir:Observation',
        patient_id: a.patientId,
        actor_id: null,
        actor_client_id: backend,
      });
    }
  });

  it('answers many reads at once each with its own verdict, and records each answered read once', async () => {
    // On PostgreSQL these one-message transactions queue together on a shared connection.
    const all = await patientToken();
    const narrow = await patientToken({ scope: 'launch/patient patient/Patient.rs' });
    for (const token of [all, narrow]) await read(token.value, `Patient/${a.patientId}`);
    const count = async (outcome: string) =>
      (await auditRows(obsA)).filter((r) => r.actor_client_id === clientId && r.outcome === outcome).length;
    const [successBefore, deniedBefore] = [await count('success'), await count('denied')];
    const kinds = [
      ...Array.from({ length: 20 }, () => ['own', all.value, `Observation/${obsA}`, undefined] as const),
      ...Array.from(
        { length: 20 },
        () => ['other patient', all.value, `Patient/${b.patientId}`, undefined] as const,
      ),
      ...Array.from(
        { length: 10 },
        () => ['outside scope', narrow.value, `Observation/${obsA}`, undefined] as const,
      ),
      ...Array.from(
        { length: 10 },
        () => ['other tenant', all.value, `Observation/${obsA}`, other.host] as const,
      ),
    ];
    const answers = await Promise.all(
      kinds.map(async ([kind, token, path, host]) => ({ kind, res: await read(token, path, host) })),
    );
    const expected = { own: 200, 'other patient': 404, 'outside scope': 403, 'other tenant': 401 };
    for (const { kind, res } of answers) {
      expect({ kind, status: res.statusCode }).toEqual({ kind, status: expected[kind] });
      if (kind === 'own') expect(res.json()).toMatchObject({ resourceType: 'Observation', id: obsA });
      else expect(res.body).not.toContain('Bravo');
    }
    expect((await count('success')) - successBefore).toBe(20);
    expect((await count('denied')) - deniedBefore).toBe(10);
    expect((await auditRows(b.patientId)).filter((r) => r.actor_client_id === clientId)).toEqual([]);
    if (server.runtime.database.kind === 'postgres') {
      expect(sharedConnections(server.runtime.database.db)!.size).toBeGreaterThan(0);
    }
  });

  it('goes the long way for a token about to expire, and still records the read once', async () => {
    const { value } = await patientToken({ expiresIn: 8 });
    const before = (await auditRows(obsA)).length;
    for (let i = 0; i < 2; i++) {
      expect(await messagesNaming(obsA, () => read(value, `Observation/${obsA}`))).toBe(2);
    }
    expect((await auditRows(obsA)).length).toBe(before + 2);
  });
});

describe('a search with a token seen before (its match statement sent with the lookup)', () => {
  const searchAs = async (token: string, query: string) => {
    const res = await read(token, `Observation?${query}`);
    return {
      status: res.statusCode,
      ids: ((res.json().entry ?? []) as { resource: { id: string } }[]).map((e) => e.resource.id),
    };
  };

  it("finds only the token's patient's resources, the second time as the first, and records each", async () => {
    const { value } = await patientToken();
    const first = await searchAs(value, 'code=8867-4');
    const second = await searchAs(value, 'code=8867-4');
    expect(first).toEqual({ status: 200, ids: [obsA] });
    expect(second).toEqual(first);
    const searched = (await auditRows(obsA)).filter((r) => r.action === 'search');
    expect(searched.length).toBeGreaterThanOrEqual(2);
    expect(searched[0]).toMatchObject({ patient_id: a.patientId, actor_client_id: clientId });
  });

  it('takes one message once the token is known, and records the page it answers, not the row after it', async () => {
    const { value } = await patientToken();
    const [first, second] = temperatures;
    const before = { first: (await auditRows(first!)).length, second: (await auditRows(second!)).length };
    const query = 'code=8310-5&_count=1';
    // The token is verified the long way (the match, then the records: two messages), then remembered.
    expect(await messagesNaming(['8310-5', first!], () => searchAs(value, query))).toBe(2);
    await searchAs(value, query); // the connection prepares the statement
    let found: Awaited<ReturnType<typeof searchAs>> | undefined;
    expect(await messagesNaming(['8310-5', first!], async () => (found = await searchAs(value, query)))).toBe(
      1,
    );
    expect(found).toEqual({ status: 200, ids: [first] });
    const recorded = (await auditRows(first!)).slice(before.first);
    expect(recorded).toHaveLength(3);
    for (const row of recorded) {
      expect(row).toEqual({
        action: 'search',
        outcome: 'success',
        object_type: 'fhir:Observation',
        patient_id: a.patientId,
        actor_id: a.userId,
        actor_client_id: clientId,
      });
    }
    // The next page's first row was fetched (to know there is a next page) but not answered.
    expect((await auditRows(second!)).length).toBe(before.second);
  });

  it('refuses the token once its grant is revoked, however it was searched with before', async () => {
    const { value, grantId } = await patientToken();
    expect((await searchAs(value, 'code=8867-4')).status).toBe(200);
    await inTenant(server.runtime.database.db, server.tenantId, (tx) => revokeGrant(tx, grantId, null));
    expect((await searchAs(value, 'code=8867-4')).status).toBe(401);
  });

  it('reports a malformed search as it always does, after the token check', async () => {
    const { value } = await patientToken();
    expect((await searchAs(value, 'code=8867-4')).status).toBe(200);
    const res = await read(value, 'Observation?nonsense=1');
    expect(res.statusCode).toBe(400);
    expect((await read('not-a-live-token-at-all', 'Observation?nonsense=1')).statusCode).toBe(401);
  });

  it('does not use early rows built for another reach than the verified one', async () => {
    const db = server.runtime.database.db;
    const tenant = { id: server.tenantId, slug: 'demo', name: 'Riverside' };
    const result = await inTenant(db, server.tenantId, async (tx) => {
      // Rows as a statement built for patient B would have found them (B's own Patient).
      const { rows } = await sql`select resource_type, id, version, last_updated, deleted, content,
        compartments, id as k0 from fhir_resources where resource_type = 'Patient' and id = ${b.patientId}`.execute(
        tx,
      );
      return search(
        {
          scope: { tx, tenant, actor: null, meta: { ip: null, userAgent: null, requestId: 'early-test' } },
          access: { kind: 'patient', patientId: a.patientId, grant: null },
        },
        'Patient',
        {},
        {},
        { rows, patientId: b.patientId },
      );
    });
    expect(result.matches.map((m) => m.id)).toEqual([a.patientId]);
  });
});

describe("the door's security headers", () => {
  it('are those of every other route, on the first answer and on later ones', async () => {
    const api = await server.app.inject({ url: '/api/session' });
    const helmetNames = [
      'content-security-policy',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'origin-agent-cluster',
      'referrer-policy',
      'x-content-type-options',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-frame-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ];
    for (const name of helmetNames) expect(api.headers[name], name).toBeDefined();
    const { value } = await patientToken();
    for (const res of [
      await server.app.inject({ url: '/fhir/R4/metadata' }),
      await read(value, `Observation/${obsA}`),
      await read(value, `Observation/${obsA}`),
      await read('not-a-live-token-at-all', `Observation/${obsA}`),
    ]) {
      for (const name of helmetNames) expect(res.headers[name], name).toEqual(api.headers[name]);
    }
  });
});

describe('the short transaction', () => {
  it('keeps nothing when a statement sent with the commit fails', async () => {
    const db = server.runtime.database.db;
    const marker = `pipeline-${randomUUID()}`;
    await expect(
      inTenantPipelined(
        db,
        server.tenantId,
        ['set local synchronous_commit = off'],
        async ({ tx, withCommit }) => {
          await tx
            .insertInto('audit_events')
            .values({
              tenant_id: server.tenantId,
              action: 'read',
              object_type: 'test',
              object_id: marker,
              outcome: 'success',
            })
            .execute();
          withCommit.push('select 1 / 0');
        },
      ),
    ).rejects.toThrow(/division by zero/);
    expect(await auditRows(marker)).toEqual([]);
    // The connection is usable again afterwards (the failed transaction was rolled back).
    const again = await inTenantPipelined(
      db,
      server.tenantId,
      ['select 41 + 1 as n'],
      async ({ opened }) => opened,
    );
    expect(again[0]).toEqual([{ n: 42 }]);
  });

  it('as one message, keeps nothing when a statement of it fails', async () => {
    const db = server.runtime.database.db;
    const marker = `one-message-${randomUUID()}`;
    const insert = `insert into audit_events (tenant_id, action, object_type, object_id, outcome)
      values ('${server.tenantId}', 'read', 'test', '${marker}', 'success')`;
    await expect(
      inTenantPipelined(db, server.tenantId, [insert, 'select 1 / 0'], async () => 'never', {
        commitWithOpening: true,
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await auditRows(marker)).toEqual([]);
    // Kept when nothing fails; what the work adds afterwards goes in a second transaction.
    const later = `one-message-later-${randomUUID()}`;
    const rows = await inTenantPipelined(
      db,
      server.tenantId,
      [insert, 'select 41 + 1 as n'],
      async ({ opened, withCommit }) => {
        withCommit.push(insert.replace(marker, later));
        return opened;
      },
      { commitWithOpening: true, asynchronousCommit: true },
    );
    expect(rows[1]).toEqual([{ n: 42 }]);
    expect(await auditRows(marker)).toHaveLength(1);
    expect(await auditRows(later)).toHaveLength(1);
  });

  it('keeps nothing when a statement of the opening fails, and answers the next request normally', async () => {
    const db = server.runtime.database.db;
    await expect(
      inTenantPipelined(db, server.tenantId, ['select 1 / 0'], async () => 'never'),
    ).rejects.toThrow(/division by zero/);
    const { value } = await patientToken();
    expect((await read(value, `Observation/${obsA}`)).statusCode).toBe(200);
  });
});
