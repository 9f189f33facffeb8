import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importForTenant } from '../src/fhir/import/import.service.js';
import type { SmartGrant } from '../src/fhir/smart/grant.js';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import { FhirClient, fhirAppWithGrants, grantToken } from './fhir-helpers.js';
import type { Json } from './fhir-helpers.js';

/**
 * Patient A, by session or by token, never reaches patient B's data by Json route; another
 * organization's resources are invisible to everyone here.
 */
let server: TestServer;
let grantsApp: FastifyInstance;
let a: { patientId: string; email: string };
let b: { patientId: string; email: string };
const ids = {
  obsA: randomUUID(),
  obsB: randomUUID(),
  encB: randomUUID(),
  prac: randomUUID(),
  otherObs: randomUUID(),
};
let staff: FhirClient;
let patientSession: FhirClient;
let patientToken: FhirClient;
const BASE = 'http://localhost:3000/fhir/R4';

const grant = (over: Partial<SmartGrant> = {}): SmartGrant => ({
  tenantId: server.tenantId,
  clientId: 'test-app',
  userId: null,
  patientId: a.patientId,
  scopes: ['launch/patient', 'patient/*.read'],
  grantId: randomUUID(),
  ...over,
});

const patientRes = (id: string, family: string) => ({
  resourceType: 'Patient',
  id,
  name: [{ family, given: ['Test'] }],
});
const observation = (id: string, patientId: string, code: string) => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code }] },
  subject: { reference: `Patient/${patientId}` },
  performer: [{ reference: `Practitioner/${ids.prac}` }],
  valueQuantity: { value: 7, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
});
const put = (resource: { resourceType: string; id: string }) => ({
  resource,
  request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
});

beforeAll(async () => {
  server = await startTestServer();
  grantsApp = await fhirAppWithGrants(server);
  const users = await server.runtime.database.db
    .selectFrom('users')
    .select(['email', 'patient_id'])
    .where('role', '=', 'patient')
    .where('patient_id', 'is not', null)
    .orderBy('email')
    .limit(2)
    .execute();
  [a, b] = users.map((u) => ({ email: u.email, patientId: u.patient_id! })) as [typeof a, typeof b];
  const tenant = { id: server.tenantId, slug: 'demo', name: 'Riverside' };
  await importForTenant(
    server.runtime.database.db,
    tenant,
    {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        put(patientRes(a.patientId, 'Alpha')),
        put(patientRes(b.patientId, 'Bravo')),
        put({ resourceType: 'Practitioner', id: ids.prac, name: [{ family: 'Doc' }] } as never),
        put(observation(ids.obsA, a.patientId, '1111-1')),
        put(observation(ids.obsB, b.patientId, '2222-2')),
        put({
          resourceType: 'Encounter',
          id: ids.encB,
          status: 'finished',
          class: { code: 'AMB' },
          subject: { reference: `Patient/${b.patientId}` },
        } as never),
      ],
    },
    BASE,
    'setup',
  );
  // Patient B's observation gets a second version, so history has something to leak.
  await importForTenant(
    server.runtime.database.db,
    tenant,
    {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [put({ ...observation(ids.obsB, b.patientId, '2222-2'), status: 'amended' })],
    },
    BASE,
    'setup',
  );
  const other = await server.runtime.database.db
    .insertInto('tenants')
    .values({ slug: 'elsewhere', name: 'Elsewhere Clinic', hostnames: ['elsewhere.example'] })
    .returning('id')
    .executeTakeFirstOrThrow();
  await importForTenant(
    server.runtime.database.db,
    { id: other.id, slug: 'elsewhere', name: 'Elsewhere' },
    {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        put(patientRes(a.patientId, 'Elsewhere')),
        put(observation(ids.otherObs, a.patientId, '1111-1')),
      ],
    },
    BASE,
    'setup',
  );

  const staffHttp = new TestClient(server.app);
  await enrolStaff(staffHttp, 'clinician@riverside.example');
  staff = new FhirClient(staffHttp);
  const patientHttp = new TestClient(server.app);
  expect((await patientHttp.signIn(a.email)).status).toBe(200);
  patientSession = new FhirClient(patientHttp);
  patientToken = new FhirClient(new TestClient(grantsApp), grantToken(grant()));
});
afterAll(async () => {
  await grantsApp?.close();
  await server?.close();
});

const idsIn = (bundle: { entry?: { resource: { resourceType: string; id: string } }[] }) =>
  (bundle.entry ?? []).map((e) => `${e.resource.resourceType}/${e.resource.id}`).sort();

describe.each([
  ['session', () => patientSession],
  ['SMART token', () => patientToken],
])("patient A's %s", (_name, client) => {
  it('reads A and nothing of B', async () => {
    expect((await client().get(`/Patient/${a.patientId}`)).status).toBe(200);
    expect((await client().get(`/Observation/${ids.obsA}`)).status).toBe(200);
    for (const path of [
      `/Patient/${b.patientId}`,
      `/Observation/${ids.obsB}`,
      `/Encounter/${ids.encB}`,
      `/Observation/${ids.otherObs}`,
    ]) {
      const res = await client().get(path);
      expect(res.status).toBe(404);
      expect(res.body.resourceType).toBe('OperationOutcome');
    }
    expect((await client().get(`/Observation/${ids.obsB}/_history/1`)).status).toBe(404);
  });

  it('searches only within A', async () => {
    expect(idsIn((await client().get('/Observation')).body)).toEqual([`Observation/${ids.obsA}`]);
    expect(idsIn((await client().get(`/Observation?subject=Patient/${b.patientId}`)).body)).toEqual([]);
    expect(idsIn((await client().get('/Observation?subject:Patient.family=Bravo')).body)).toEqual([]);
    expect(idsIn((await client().get('/Patient')).body)).toEqual([`Patient/${a.patientId}`]);
    expect(idsIn((await client().get('/Patient?_revinclude=Observation:subject')).body)).toEqual(
      [`Observation/${ids.obsA}`, `Patient/${a.patientId}`].sort(),
    );
    const included = await client().get(`/Observation?_include=Observation:subject&code=2222-2`);
    expect(idsIn(included.body)).toEqual([]);
  });

  it('gets A from $everything and never B', async () => {
    const mine = await client().get(`/Patient/${a.patientId}/$everything`);
    expect(mine.status).toBe(200);
    expect(idsIn(mine.body)).toEqual([`Observation/${ids.obsA}`, `Patient/${a.patientId}`].sort());
    expect((await client().get(`/Patient/${b.patientId}/$everything`)).status).toBe(404);
  });

  it('sees only A in history', async () => {
    const typeHistory = await client().get('/Observation/_history');
    expect(typeHistory.body.entry.map((e: Json) => e.resource.id)).toEqual([ids.obsA]);
    expect((await client().get(`/Observation/${ids.obsB}/_history`)).body.entry).toEqual([]);
  });

  it('cannot write B', async () => {
    const res = await client().put(`/Observation/${ids.obsB}`, {
      ...observation(ids.obsB, b.patientId, '9999-9'),
    });
    expect([403, 404]).toContain(res.status);
    const stored = await staff.get(`/Observation/${ids.obsB}`);
    expect(stored.body.code.coding[0].code).toBe('2222-2');
  });
});

describe('SMART grants', () => {
  const withGrant = (over: Partial<SmartGrant>) =>
    new FhirClient(new TestClient(grantsApp), grantToken(grant(over)));

  it('enforce scopes per resource type and interaction', async () => {
    const clientId = `scoped-${randomUUID().slice(0, 8)}`;
    const obsOnly = withGrant({ scopes: ['patient/Observation.rs'], clientId });
    expect((await obsOnly.get(`/Observation/${ids.obsA}`)).status).toBe(200);
    const refused = await obsOnly.get(`/Patient/${a.patientId}`);
    expect(refused.status).toBe(403);
    expect(refused.body.resourceType).toBe('OperationOutcome');
    const denied = await sql<{ object_id: string }>`
      select object_id from audit_events where actor_client_id = ${clientId} and outcome = 'denied'`.execute(
      server.runtime.database.db,
    );
    expect(denied.rows).toEqual([{ object_id: a.patientId }]);
    const readOnly = withGrant({});
    const write = await readOnly.put(`/Observation/${ids.obsA}`, {
      ...observation(ids.obsA, a.patientId, '1111-1'),
      status: 'amended',
    });
    expect(write.status).toBe(403);
  });

  it('a token of another organization, or an unknown token, is refused', async () => {
    const other = await server.runtime.database.db
      .selectFrom('tenants')
      .select('id')
      .where('slug', '=', 'elsewhere')
      .executeTakeFirstOrThrow();
    expect((await withGrant({ tenantId: other.id }).get(`/Patient/${a.patientId}`)).status).toBe(401);
    expect((await new FhirClient(new TestClient(grantsApp), 'not-a-token').get('/Patient')).status).toBe(401);
  });

  it('are refused where no verifier is configured', async () => {
    const res = await new FhirClient(new TestClient(server.app), grantToken(grant())).get(
      `/Patient/${a.patientId}`,
    );
    expect(res.status).toBe(401);
    expect(res.body.resourceType).toBe('OperationOutcome');
  });

  it('leave an audit trail with the app and the patient', async () => {
    const clientId = `audit-app-${randomUUID().slice(0, 8)}`;
    expect((await withGrant({ clientId }).get(`/Observation/${ids.obsA}`)).status).toBe(200);
    const rows = await sql<{ patient_id: string; object_id: string; action: string }>`
      select patient_id, object_id, action from audit_events where actor_client_id = ${clientId}`.execute(
      server.runtime.database.db,
    );
    expect(rows.rows).toEqual([{ patient_id: a.patientId, object_id: ids.obsA, action: 'read' }]);
  });
});

describe('staff and tenants', () => {
  it('staff read and write the whole tenant, and nothing of another tenant', async () => {
    expect(idsIn((await staff.get('/Observation?_count=100')).body)).toEqual(
      [`Observation/${ids.obsA}`, `Observation/${ids.obsB}`].sort(),
    );
    expect((await staff.get(`/Observation/${ids.otherObs}`)).status).toBe(404);
    expect((await staff.get(`/Patient/${a.patientId}`)).body.name[0].family).toBe('Alpha');
  });

  it('a patient session cannot write at all', async () => {
    const res = await patientSession.post('/Observation', observation(randomUUID(), a.patientId, '3333-3'));
    expect(res.status).toBe(403);
  });

  it('a cookie-borne change needs the CSRF token and our own origin', async () => {
    const body = JSON.stringify({ resourceType: 'Basic', code: { text: 'x' } });
    const http = staff.http;
    const noToken = await http.request('POST', '/fhir/R4/Observation', body, {
      'content-type': 'application/fhir+json',
      'x-csrf-token': 'wrong',
    });
    expect(noToken.status).toBe(403);
    const elsewhere = await http.request('POST', '/fhir/R4/Observation', body, {
      'content-type': 'application/fhir+json',
      origin: 'https://evil.example',
    });
    expect(elsewhere.status).toBe(403);
  });

  it('nobody reaches the door signed out', async () => {
    const res = await new FhirClient(new TestClient(server.app)).get('/Patient');
    expect(res.status).toBe(401);
    expect((await new FhirClient(new TestClient(server.app)).get('/metadata')).status).toBe(200);
  });
});
