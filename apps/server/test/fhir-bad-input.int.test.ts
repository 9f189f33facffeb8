import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import { FhirClient } from './fhir-helpers.js';
import type { Json } from './fhir-helpers.js';

/**
 * Bad input at the FHIR door: each answer is a 4xx OperationOutcome, and nothing is written
 * (the store's row counts are the same before and after).
 */
let server: TestServer;
let staff: FhirClient;

beforeAll(async () => {
  server = await startTestServer();
  const http = new TestClient(server.app);
  await enrolStaff(http, 'admin@riverside.example');
  staff = new FhirClient(http);
});
afterAll(async () => server?.close());

async function counts() {
  const r = await sql<{
    n: number;
  }>`select (select count(*) from fhir_resources) + (select count(*) from fhir_history)
    + (select count(*) from fhir_index) as n`.execute(server.runtime.database.db);
  return Number(r.rows[0]!.n);
}

const obs = (extra: Record<string, unknown> = {}) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'x' },
  ...extra,
});

// Built as text: JSON.stringify itself would overflow the stack on this depth.
const deep = `{"resourceType":"Observation","status":"final","code":{"text":"x"},"extension":[${'{"extension":['.repeat(5_000)}{}${']}'.repeat(5_000)}]}`;

const cases: [string, () => Promise<{ status: number; body: Json }>, number][] = [
  ['invalid JSON', () => staff.post('/Observation', '{"resourceType":'), 400],
  ['a JSON array instead of a resource', () => staff.post('/Observation', '[]'), 400],
  [
    'a resource of another type than the URL',
    () => staff.post('/Observation', { resourceType: 'Patient' }),
    400,
  ],
  ['an unknown resource type', () => staff.post('/Spaceship', { resourceType: 'Spaceship' }), 404],
  ['an unknown element', () => staff.post('/Observation', obs({ colour: 'red' })), 422],
  [
    'a missing required element',
    () => staff.post('/Observation', { resourceType: 'Observation', status: 'final' }),
    422,
  ],
  ['a wrong primitive type', () => staff.post('/Observation', obs({ status: 42 })), 422],
  ['deep nesting', () => staff.post('/Observation', deep), 400],
  ['an invalid id in the URL', () => staff.put('/Observation/not_valid!', obs({ id: 'not_valid!' })), 400],
  ['an unknown search parameter', () => staff.get('/Observation?colour=red'), 400],
  ['a bad modifier', () => staff.get('/Observation?code:sideways=1'), 400],
  ['a bad date', () => staff.get('/Observation?date=ge2020-13-45'), 400],
  ['a bad cursor', () => staff.get('/Observation?_cursor=garbage'), 400],
  [
    'a tampered history cursor',
    () => staff.get(`/Observation/_history?_cursor=${Buffer.from('{"id":1}').toString('base64url')}`),
    400,
  ],
  [
    'a tampered search cursor',
    () =>
      staff.get(`/Observation?_sort=date&_cursor=${Buffer.from('["not a date","x"]').toString('base64url')}`),
    400,
  ],
  ['XML', () => staff.get('/Observation?_format=xml'), 406],
  [
    'a JSON patch that is not an array',
    () => staff.call('PATCH', '/Observation/abc', '{}', { 'content-type': 'application/json-patch+json' }),
    400,
  ],
  [
    'a transaction with one invalid entry among valid ones',
    () =>
      staff.post('/', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { fullUrl: 'urn:uuid:1', resource: obs(), request: { method: 'POST', url: 'Observation' } },
          {
            resource: obs({ valueQuantity: { value: 'many' } }),
            request: { method: 'POST', url: 'Observation' },
          },
        ],
      }),
    422,
  ],
  [
    'a transaction referring to an entry that is not there',
    () =>
      staff.post('/', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: obs({ subject: { reference: 'urn:uuid:missing' } }),
            request: { method: 'POST', url: 'Observation' },
          },
        ],
      }),
    400,
  ],
  [
    'a bundle with too many entries',
    () =>
      staff.post('/', {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: Array.from({ length: 10_001 }, () => ({
          resource: { resourceType: 'Basic' },
          request: { method: 'POST', url: 'Basic' },
        })),
      }),
    413,
  ],
  [
    'a body over the size limit',
    () => staff.post('/', `{"resourceType":"Bundle","type":"batch","entry":[${'{},'.repeat(12_000_000)}{}]}`),
    413,
  ],
  [
    'a search-set Bundle posted to the base',
    () => staff.post('/', { resourceType: 'Bundle', type: 'searchset' }),
    400,
  ],
];

describe('bad input at /fhir/R4', () => {
  it.each(cases)('%s', async (_name, send, status) => {
    const before = await counts();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue.length).toBeGreaterThan(0);
    expect(await counts()).toBe(before);
  });

  it('points at the element that is wrong', async () => {
    const res = await staff.post('/Observation', obs({ status: 42 }));
    expect(res.body.issue[0].expression).toEqual(['Observation.status']);
  });

  it('the admin import takes NDJSON, counts outcomes, and a second import changes nothing', async () => {
    const lines = [
      { resourceType: 'Patient', id: 'ndjson-1', name: [{ family: 'Lines' }] },
      {
        resourceType: 'Observation',
        id: 'ndjson-2',
        status: 'final',
        code: { text: 'x' },
        subject: { reference: 'Patient/ndjson-1' },
      },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const first = await staff.call('POST', '/$import', lines, { 'content-type': 'application/fhir+ndjson' });
    expect(first.status).toBe(200);
    const created = (r: Json, type: string) =>
      r.body.parameter.find((p: Json) => p.name === type).part.find((p: Json) => p.name === 'created')
        .valueInteger;
    expect(created(first, 'Patient')).toBe(1);
    expect(created(first, 'Observation')).toBe(1);
    const before = await counts();
    const again = await staff.call('POST', '/$import', lines, { 'content-type': 'application/fhir+ndjson' });
    expect(created(again, 'Patient')).toBe(0);
    expect(await counts()).toBe(before);
    const broken = await staff.call('POST', '/$import', `${lines}\n{not json`, {
      'content-type': 'application/fhir+ndjson',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.resourceType).toBe('OperationOutcome');
  });
});
