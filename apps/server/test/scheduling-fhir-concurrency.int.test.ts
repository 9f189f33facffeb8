import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FhirClient, Json } from './fhir-helpers.js';
import type { TestServer } from './harness.js';
import { DAY, parameters, SchedulingFhirSuite } from './scheduling-fhir-helpers.js';

const suite = new SchedulingFhirSuite();
let server: TestServer;
let system: FhirClient;
let pick: SchedulingFhirSuite['pick'];
const asPatient = (i: number) => suite.asPatient(i);
const find = (client: FhirClient, extra: Record<string, string>, days?: [number, number]) =>
  suite.find(client, extra, days);

beforeAll(async () => {
  await suite.start();
  ({ server, system, pick } = suite);
}, 60_000);
afterAll(() => suite.close());

describe('no double booking through $book', () => {
  it('200 concurrent $book calls on 50 proposed slots: exactly 50 booked and 150 409s', async () => {
    const offered = await find(system, { _count: '50' }, [16, 22]);
    expect(offered).toHaveLength(50);
    const clients = Array.from({ length: 40 }, (_, i) => asPatient(i));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        clients[i % 40]!.post(
          '/Appointment/$book',
          parameters({ name: 'appointment', resource: offered[i % 50] }),
        ),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body.resourceType).toBe('OperationOutcome');
      expect(r.body.issue[0].code).toBe('conflict');
      expect(r.body.issue.length).toBeGreaterThan(1);
    }
    const starts = results.filter((r) => r.status === 201).map((r) => r.body.start);
    expect(new Set(starts).size).toBe(50);
    const rows = await server.runtime.database.db
      .selectFrom('appointments')
      .select('start_at')
      .where('provider_id', '=', pick.provider.id)
      .where('status', '=', 'booked')
      .where('start_at', '>=', new Date(offered[0].start))
      .where('start_at', '<=', new Date(offered[49].start))
      .execute();
    expect(rows).toHaveLength(50);
    const stored = await system.get(
      `/Appointment?actor=Practitioner/${pick.provider.id}&date=ge${offered[0].start}&date=le${offered[49].start}&status=booked&_count=200`,
    );
    expect(stored.body.entry).toHaveLength(50);

    // Slot search computes free time: the booked starts are no longer free.
    const schedule = await server.runtime.database.db
      .selectFrom('provider_schedules')
      .select('id')
      .where('provider_id', '=', pick.provider.id)
      .where('location_id', '=', pick.location.id)
      .executeTakeFirstOrThrow();
    const free = await system.get(
      `/Slot?schedule=Schedule/${schedule.id}&status=free&service-type=${pick.visitType.code}` +
        `&start=ge${encodeURIComponent(offered[0].start)}&start=lt${encodeURIComponent(new Date(Date.parse(offered[49].start) + 3 * DAY).toISOString())}&_count=500`,
    );
    expect(free.status).toBe(200);
    const freeStarts = free.body.entry.map((e: Json) => e.resource.start);
    expect(freeStarts.length).toBeGreaterThan(0);
    for (const start of starts) expect(freeStarts).not.toContain(start);
    for (const e of free.body.entry) {
      expect(e.resource.schedule.reference).toBe(`Schedule/${schedule.id}`);
      expect(e.resource.status).toBe('free');
    }
    expect((await system.get(`/Slot?schedule=Schedule/${schedule.id}&start=tomorrow`)).status).toBe(400);
  }, 60_000);
});
