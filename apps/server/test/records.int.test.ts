import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sectionQuery, sections } from '../../web/src/features/records/sections.js';
import { startTestServer, TestClient, type TestServer } from './harness.js';
import type { Json } from './fhir-helpers.js';

/**
 * The health-record pages read the FHIR door with the patient's session. Every query they make
 * answers for the demo patients with records, stays inside the patient's compartment, and a
 * second patient asking for the first one's record gets nothing of it.
 */
let server: TestServer;
const demo: { id: string; email: string }[] = [];

beforeAll(async () => {
  server = await startTestServer({}, { records: true });
  const rows = await server.runtime.database.db
    .selectFrom('patients')
    .innerJoin('users', 'users.patient_id', 'patients.id')
    .select(['patients.id', 'users.email'])
    .where('patients.mrn', 'in', ['P1000001', 'P1000002'])
    .orderBy('patients.mrn')
    .execute();
  demo.push(...rows.map((r) => ({ id: r.id, email: r.email })));
});
afterAll(async () => server?.close());

async function patientClient(email: string) {
  const client = new TestClient(server.app);
  expect((await client.signIn(email)).status).toBe(200);
  return client;
}

describe('the record pages over FHIR', () => {
  it('answers every section query for the patient, only with the patient’s own resources', async () => {
    const [a] = demo;
    const client = await patientClient(a!.email);
    const counts: Record<string, number> = {};
    for (const section of sections) {
      const res = await client.get<Json>(`/fhir/R4/${sectionQuery(section, a!.id)}`);
      expect(res.status, section).toBe(200);
      const resources = (res.body.entry ?? []).map((e: Json) => e.resource);
      counts[section] = resources.length;
      for (const r of resources) {
        const owner = r.subject?.reference ?? r.patient?.reference;
        expect(owner, `${section} ${r.resourceType}/${r.id}`).toBe(`Patient/${a!.id}`);
      }
    }
    for (const s of ['results', 'visits', 'problems', 'medications', 'immunizations', 'documents'])
      expect(counts[s], s).toBeGreaterThan(0);
  });

  it('returns results newest first with their ranges and flags', async () => {
    const [a] = demo;
    const client = await patientClient(a!.email);
    const res = await client.get<Json>(`/fhir/R4/${sectionQuery('results', a!.id)}`);
    const dates = res.body.entry.map((e: Json) => Date.parse(e.resource.effectiveDateTime));
    expect([...dates].sort((x: number, y: number) => y - x)).toEqual(dates);
    const labs = res.body.entry.map((e: Json) => e.resource).filter((r: Json) => r.referenceRange);
    expect(labs.length).toBeGreaterThan(0);
    expect(labs.every((r: Json) => r.interpretation?.[0]?.coding?.[0]?.code)).toBe(true);
  });

  it('gives the whole record through $everything, with the Patient once', async () => {
    const [a] = demo;
    const client = await patientClient(a!.email);
    const res = await client.get<Json>(`/fhir/R4/Patient/${a!.id}/$everything`);
    expect(res.status).toBe(200);
    const patients = res.body.entry.filter((e: Json) => e.resource.resourceType === 'Patient');
    expect(patients.map((e: Json) => e.resource.id)).toEqual([a!.id]);
  });

  it("never shows one patient another's record through the page queries", async () => {
    const [a, b] = demo;
    const client = await patientClient(b!.email);
    for (const section of sections) {
      const res = await client.get<Json>(`/fhir/R4/${sectionQuery(section, a!.id)}`);
      if (res.status === 200) expect(res.body.entry ?? [], section).toEqual([]);
      else expect(res.status, section).toBe(403);
    }
    expect((await client.get(`/fhir/R4/Patient/${a!.id}/$everything`)).status).toBeGreaterThanOrEqual(403);
  });
});
