import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import { FhirClient } from './fhir-helpers.js';
import type { Json } from './fhir-helpers.js';

let server: TestServer;
let staff: FhirClient;

beforeAll(async () => {
  server = await startTestServer();
  const client = new TestClient(server.app);
  await enrolStaff(client, 'clinician@riverside.example');
  staff = new FhirClient(client);
});
afterAll(async () => server?.close());

const patient = {
  resourceType: 'Patient',
  name: [{ family: 'Núñez', given: ['Ana', 'María'] }],
  gender: 'female',
  birthDate: '1980-02-03',
  identifier: [{ system: 'urn:test:mrn', value: 'MRN-1' }],
};

describe('FHIR REST interactions', () => {
  it('answers metadata with the served types and their search parameters', async () => {
    const res = await staff.get('/metadata');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    const types = res.body.rest[0].resource.map((r: Json) => r.type);
    expect(types).toContain('Observation');
    const obs = res.body.rest[0].resource.find((r: Json) => r.type === 'Observation');
    expect(obs.searchParam.map((p: Json) => p.name)).toEqual(
      expect.arrayContaining(['code', 'subject', 'date', 'value-quantity']),
    );
  });

  it('creates, reads, versions, updates with If-Match, patches, deletes and keeps history', async () => {
    const created = await staff.post('/Patient', patient);
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.headers.etag).toBe('W/"1"');
    expect(created.headers.location).toContain(`/Patient/${id}/_history/1`);

    const read = await staff.get(`/Patient/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.name[0].family).toBe('Núñez');

    const stale = await staff.put(
      `/Patient/${id}`,
      { ...read.body, gender: 'other' },
      { 'if-match': 'W/"7"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.resourceType).toBe('OperationOutcome');

    const updated = await staff.put(
      `/Patient/${id}`,
      { ...read.body, gender: 'other' },
      { 'if-match': 'W/"1"' },
    );
    expect(updated.status).toBe(200);
    expect(updated.body.meta.versionId).toBe('2');

    const same = await staff.put(`/Patient/${id}`, { ...updated.body });
    expect(same.body.meta.versionId).toBe('2');

    const patched = await staff.call(
      'PATCH',
      `/Patient/${id}`,
      JSON.stringify([{ op: 'replace', path: '/gender', value: 'male' }]),
      {
        'content-type': 'application/json-patch+json',
      },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.gender).toBe('male');
    const badPatch = await staff.call(
      'PATCH',
      `/Patient/${id}`,
      JSON.stringify([{ op: 'replace', path: '/gender', value: 42 }]),
      {
        'content-type': 'application/json-patch+json',
      },
    );
    expect(badPatch.status).toBe(422);

    const v1 = await staff.get(`/Patient/${id}/_history/1`);
    expect(v1.body.gender).toBe('female');

    expect((await staff.call('DELETE', `/Patient/${id}`)).status).toBe(204);
    expect((await staff.get(`/Patient/${id}`)).status).toBe(410);
    const history = await staff.get(`/Patient/${id}/_history`);
    expect(history.body.entry.map((e: Json) => e.response.etag)).toEqual([
      'W/"4"',
      'W/"3"',
      'W/"2"',
      'W/"1"',
    ]);
  });

  it('conditional create returns the existing match instead of a duplicate', async () => {
    const first = await staff.post('/Patient', {
      ...patient,
      identifier: [{ system: 'urn:test:mrn', value: 'COND-1' }],
    });
    const again = await staff.post(
      '/Patient',
      { ...patient, identifier: [{ system: 'urn:test:mrn', value: 'COND-1' }] },
      {
        'if-none-exist': 'identifier=urn:test:mrn|COND-1',
      },
    );
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('refuses invalid resources with an OperationOutcome that names the element', async () => {
    const res = await staff.post('/Patient', { resourceType: 'Patient', birthDate: 'yesterday' });
    expect(res.status).toBe(422);
    expect(res.body.issue[0].expression).toEqual(['Patient.birthDate']);
    const junk = await staff.post('/Patient', '{"resourceType": "Patient",');
    expect(junk.status).toBe(400);
    expect(junk.body.resourceType).toBe('OperationOutcome');
  });

  it('is strict about unknown search parameters unless asked to be lenient', async () => {
    expect((await staff.get('/Patient?nonsense=1')).status).toBe(400);
    const lenient = await staff.get('/Patient?nonsense=1&family=nunez', { prefer: 'handling=lenient' });
    expect(lenient.status).toBe(200);
    expect(lenient.body.entry.length).toBeGreaterThan(0);
  });
});
