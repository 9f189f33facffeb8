import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importForTenant } from '../src/fhir/import/import.service.js';
import type { SmartGrant } from '../src/fhir/smart/grant.js';
import { startTestServer, TestClient, type TestServer } from './harness.js';
import { FhirClient, fhirAppWithGrants, grantToken } from './fhir-helpers.js';

/** Bulk Data export: asynchronous kick-off, status polling, NDJSON files, _type and _since. */
let server: TestServer;
let app: FastifyInstance;
let staff: FhirClient;
let staffToken: string;
const a = randomUUID();
const b = randomUUID();
const groupId = randomUUID();

const grant = (over: Partial<SmartGrant> = {}): SmartGrant => ({
  tenantId: server.tenantId,
  clientId: 'export-app',
  userId: null,
  patientId: a,
  scopes: ['patient/*.read'],
  grantId: randomUUID(),
  ...over,
});
const put = (resource: { resourceType: string; id: string }) => ({
  resource,
  request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
});
const obs = (patient: string) => ({
  resourceType: 'Observation',
  id: randomUUID(),
  status: 'final',
  code: { text: 'weight' },
  subject: { reference: `Patient/${patient}` },
});

beforeAll(async () => {
  server = await startTestServer({}, { demo: false });
  app = await fhirAppWithGrants(server);
  await importForTenant(
    server.runtime.database.db,
    { id: server.tenantId, slug: 'demo', name: 'Test' },
    {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        put({ resourceType: 'Patient', id: a }),
        put({ resourceType: 'Patient', id: b }),
        put(obs(a)),
        put(obs(b)),
        put(obs(b)),
        put({ resourceType: 'Organization', id: randomUUID() }),
        put({
          resourceType: 'Group',
          id: groupId,
          type: 'person',
          actual: true,
          member: [{ entity: { reference: `Patient/${b}` } }],
        } as never),
      ],
    },
    'http://localhost:3000/fhir/R4',
    'setup',
  );
});
afterAll(async () => {
  await app?.close();
  await server?.close();
});

/** Kicks off, lets the worker run, polls the status and returns the files by type. */
async function runExport(client: FhirClient, path: string, token: string): Promise<Record<string, string[]>> {
  const kick = await client.get(path, { prefer: 'respond-async' });
  expect(kick.status, JSON.stringify(kick.body)).toBe(202);
  const statusUrl = String(kick.headers['content-location']);
  const statusPath = statusUrl.slice(statusUrl.indexOf('/fhir/R4') + 8);
  await server.runtime.worker.drain();
  const status = await client.get(statusPath);
  expect(status.status).toBe(200);
  expect(status.headers['content-type']).toContain('application/json');
  const files: Record<string, string[]> = {};
  for (const out of status.body.output) {
    // NDJSON is not JSON: read the raw body.
    const file = await app.inject({
      method: 'GET',
      url: out.url.slice(out.url.indexOf('/fhir/R4')),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(file.headers['content-type']).toContain('application/fhir+ndjson');
    files[out.type] = file.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).id);
    expect(files[out.type]!.length).toBe(out.count);
  }
  return files;
}

describe('bulk export', () => {
  it('system level exports every type, _type narrows it, _since in the future finds nothing', async () => {
    staffToken = grantToken(grant({ patientId: null, scopes: ['system/*.read'], clientId: 'backend' }));
    staff = new FhirClient(new TestClient(app), staffToken);
    const all = await runExport(staff, '/$export', staffToken);
    expect(Object.keys(all).sort()).toEqual(['Group', 'Observation', 'Organization', 'Patient']);
    expect(all.Observation!.length).toBe(3);
    const onlyPatients = await runExport(staff, '/$export?_type=Patient', staffToken);
    expect(Object.keys(onlyPatients)).toEqual(['Patient']);
    const future = await runExport(
      staff,
      `/$export?_since=${new Date(Date.now() + 86_400_000).toISOString()}`,
      staffToken,
    );
    expect(future).toEqual({});
  });

  it('group level holds the members only; patient level holds patient compartments', async () => {
    const group = await runExport(staff, `/Group/${groupId}/$export`, staffToken);
    expect(group.Patient).toEqual([b]);
    expect(group.Observation!.length).toBe(2);
    const patients = await runExport(staff, '/Patient/$export', staffToken);
    expect(patients.Organization).toBeUndefined();
    expect(patients.Observation!.length).toBe(3);
  });

  it("a patient's token exports only that patient, and cannot see another client's export", async () => {
    const mineToken = grantToken(grant());
    const mine = new FhirClient(new TestClient(app), mineToken);
    const files = await runExport(mine, '/Patient/$export', mineToken);
    expect(files.Patient).toEqual([a]);
    expect(files.Observation!.length).toBe(1);
    const system = await runExport(mine, '/$export', mineToken);
    expect(system.Patient).toEqual([a]);

    const kick = await staff.get('/$export', { prefer: 'respond-async' });
    const statusUrl = String(kick.headers['content-location']);
    const peek = await mine.get(statusUrl.slice(statusUrl.indexOf('/fhir/R4') + 8));
    expect(peek.status).toBe(404);
  });

  it('asks for Prefer: respond-async and checks its parameters', async () => {
    expect((await staff.get('/$export')).status).toBe(400);
    expect((await staff.get('/$export?_type=Spaceship', { prefer: 'respond-async' })).status).toBe(400);
    expect((await staff.get('/$export?_outputFormat=text/csv', { prefer: 'respond-async' })).status).toBe(
      400,
    );
  });
});
