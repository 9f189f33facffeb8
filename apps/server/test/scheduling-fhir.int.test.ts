import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartGrant } from '../src/fhir/smart/grant.js';
import { FhirClient, type Json } from './fhir-helpers.js';
import { TestClient, type TestServer } from './harness.js';
import { parameters, SchedulingFhirSuite, window } from './scheduling-fhir-helpers.js';

const suite = new SchedulingFhirSuite();
let server: TestServer;
let staff: FhirClient;
let system: FhirClient;
let people: SchedulingFhirSuite['people'];
let pick: SchedulingFhirSuite['pick'];
const appClients: TestClient[] = [];
const asPatient = (i: number, over: Partial<SmartGrant> = {}) => suite.asPatient(i, over);
const find = (client: FhirClient, extra: Record<string, string>, days?: [number, number]) =>
  suite.find(client, extra, days);
const appointmentCount = () => suite.appointmentCount();

beforeAll(async () => {
  await suite.start();
  ({ server, staff, system, people, pick } = suite);
  appClients.push(suite.app);
}, 60_000);
afterAll(() => suite.close());

describe('the directory over FHIR', () => {
  it('serves Practitioner, PractitionerRole, Location, HealthcareService and Schedule searches', async () => {
    const provider = await server.runtime.database.db
      .selectFrom('providers')
      .selectAll()
      .where('id', '=', pick.provider.id)
      .executeTakeFirstOrThrow();
    const byName = await system.get(`/Practitioner?name=${encodeURIComponent(provider.family_name)}`);
    expect(byName.status).toBe(200);
    expect(byName.body.entry.map((e: Json) => e.resource.id)).toContain(provider.id);

    const specialty = provider.specialties[0]!;
    const roles = await system.get(
      `/PractitionerRole?specialty=${encodeURIComponent(`urn:accompany:specialty|${specialty}`)}&_count=200`,
    );
    expect(roles.status).toBe(200);
    const role = roles.body.entry.find(
      (e: Json) => e.resource.practitioner.reference === `Practitioner/${provider.id}`,
    )?.resource;
    expect(role.location[0].reference).toMatch(/^Location\//);
    for (const e of roles.body.entry)
      expect(e.resource.specialty.map((s: Json) => s.coding[0].code)).toContain(specialty);

    const places = await staff.get('/Location?address-postalcode=11231');
    expect(places.body.entry.map((e: Json) => e.resource.id)).toEqual([pick.location.id]);
    const place = places.body.entry[0].resource;
    expect(place.extension[0]).toEqual({
      url: 'http://hl7.org/fhir/StructureDefinition/timezone',
      valueCode: 'America/New_York',
    });
    expect(place.position.latitude).toBeTypeOf('number');

    const schedules = await system.get(`/Schedule?actor=Practitioner/${provider.id}`);
    expect(schedules.body.entry.length).toBeGreaterThanOrEqual(1);
    expect(schedules.body.entry[0].resource.actor.map((a: Json) => a.reference)).toContain(
      `Practitioner/${provider.id}`,
    );
    const services = await system.get(`/HealthcareService?service-type=${pick.visitType.code}`);
    expect(services.body.entry, JSON.stringify(services.body)).toBeDefined();
    expect(services.body.entry.map((e: Json) => e.resource.id)).toEqual([pick.visitType.id]);
  });
});

describe('booking through the standard', () => {
  it('$find, $hold, $book round trip, and the app sees the visit', async () => {
    const me = asPatient(1);
    const offered = await find(me, { _count: '5' }, [2, 9]);
    expect(offered).toHaveLength(5);
    const proposal = offered[0];
    expect(proposal.status).toBe('proposed');
    expect(proposal.identifier[0].value).toContain(pick.provider.id);
    expect(proposal.participant.map((p: Json) => p.actor.reference)).toEqual([
      `Patient/${people[1]!.patient_id}`,
      `Practitioner/${pick.provider.id}`,
      `Location/${pick.location.id}`,
    ]);
    const held = await me.post('/Appointment/$hold', parameters({ name: 'appointment', resource: proposal }));
    expect(held.status).toBe(200);
    expect(held.body.status).toBe('pending');
    expect(held.body.extension[0].url).toBe('urn:accompany:fhir:hold-expires-at');
    // Held time is no longer offered.
    expect((await find(me, { _count: '5' }, [2, 9]))[0].start).not.toBe(proposal.start);

    const booked = await me.post(
      '/Appointment/$book',
      parameters({ name: 'appointment', resource: held.body }),
    );
    expect(booked.status).toBe(200);
    expect(booked.body.id).toBe(held.body.id);
    expect(booked.body.status).toBe('booked');
    expect(booked.body.start).toBe(proposal.start);
    const read = await me.get(`/Appointment/${held.body.id}`);
    expect(read.body.status).toBe('booked');
    expect(read.body.meta.versionId).toBe('2');

    const app = new TestClient(server.app);
    expect((await app.signIn(people[1]!.email)).status).toBe(200);
    const mine = await app.get<{ id: string; status: string }>(`/api/appointments/${held.body.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.status).toBe('booked');
  });

  it('a booking in the app appears as an Appointment and its cancellation updates it', async () => {
    const app = appClients[0]!;
    const slot = pick.slots[pick.slots.length - 1]!;
    const made = await app.post<{ id: string }>('/api/appointments', {
      providerId: pick.provider.id,
      locationId: pick.location.id,
      visitTypeId: pick.visitType.id,
      start: slot.start,
    });
    expect(made.status).toBe(201);
    const me = asPatient(0);
    const listed = await me.get(`/Appointment?patient=Patient/${people[0]!.patient_id}`);
    const resource = listed.body.entry.find((e: Json) => e.resource.id === made.body.id)?.resource;
    expect(resource.status).toBe('booked');
    expect(resource.serviceType[0].coding[0].code).toBe(pick.visitType.code);

    const cancelled = await app.post(`/api/appointments/${made.body.id}/cancel`, {
      reason: 'Feeling better',
    });
    expect(cancelled.status).toBe(200);
    const after = await me.get(`/Appointment/${made.body.id}`);
    expect(after.body.status).toBe('cancelled');
    expect(after.body.cancelationReason.text).toBe('Feeling better');

    // Another patient's grant does not see it.
    const other = await asPatient(2).get(`/Appointment?patient=Patient/${people[0]!.patient_id}`);
    expect((other.body.entry ?? []).map((e: Json) => e.resource.id)).not.toContain(made.body.id);
    expect((await asPatient(2).get(`/Appointment/${made.body.id}`)).status).toBe(404);
  });

  it('a patient grant cannot book for another patient; bad Parameters are 400s; nothing is written', async () => {
    const [proposal] = await find(system, { _count: '1' }, [9, 13]);
    const before = await appointmentCount();
    const forOther = await asPatient(3).post(
      '/Appointment/$book',
      parameters(
        { name: 'appointment', resource: proposal },
        { name: 'patient', valueReference: { reference: `Patient/${people[4]!.patient_id}` } },
      ),
    );
    expect(forOther.status, JSON.stringify(forOther.body)).toBe(403);
    expect(forOther.body.resourceType).toBe('OperationOutcome');
    const readOnly = asPatient(3, { scopes: ['launch/patient', 'patient/Appointment.rs'] });
    const noWrite = await readOnly.post(
      '/Appointment/$book',
      parameters({ name: 'appointment', resource: proposal }),
    );
    expect(noWrite.status).toBe(403);
    const noScope = asPatient(3, { scopes: ['launch/patient', 'patient/Observation.rs'] });
    const range = new URLSearchParams(window(9, 13));
    expect((await noScope.get(`/Appointment/$find?${range}`)).status).toBe(403);
    const bad: [string, Json][] = [
      ['not Parameters', { resourceType: 'Appointment' }],
      ['no appointment', parameters()],
      ['no practitioner', parameters({ name: 'appointment', resource: { ...proposal, participant: [] } })],
      ['bad start', parameters({ name: 'appointment', resource: { ...proposal, start: 'tomorrow' } })],
      [
        'unknown visit type',
        parameters({
          name: 'appointment',
          resource: {
            ...proposal,
            serviceType: [{ coding: [{ system: 'urn:accompany:visit-type', code: 'x' }] }],
          },
        }),
      ],
      [
        'past time',
        parameters({
          name: 'appointment',
          resource: { ...proposal, start: '2020-01-06T15:00:00.000Z', end: '2020-01-06T15:20:00.000Z' },
        }),
      ],
    ];
    for (const [what, body] of bad) {
      const res = await asPatient(3).post('/Appointment/$book', body);
      expect(res.status, what).toBe(400);
      expect(res.body.resourceType, what).toBe('OperationOutcome');
    }
    const form = await system.call(
      'POST',
      '/Appointment/$find',
      new URLSearchParams({
        ...window(9, 13),
        practitioner: `Practitioner/${pick.provider.id}`,
        _count: '2',
      }).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(form.status).toBe(200);
    expect(form.body.entry).toHaveLength(2);
    const badFind = await system.get('/Appointment/$find?start=2027-01-10&end=2027-01-01');
    expect(badFind.status).toBe(400);
    // A system grant books for any patient of the organization, once.
    const byEhr = await system.post(
      '/Appointment/$book',
      parameters(
        { name: 'appointment', resource: proposal },
        { name: 'patient', valueReference: { reference: `Patient/${people[4]!.patient_id}` } },
      ),
    );
    expect(byEhr.status).toBe(201);
    expect(await appointmentCount()).toBe(before + 1);
  });

  it('an Idempotency-Key replays the first booking', async () => {
    const [proposal] = await find(asPatient(5), { _count: '1' }, [13, 16]);
    const key = randomUUID();
    const me = asPatient(5);
    const body = parameters({ name: 'appointment', resource: proposal });
    const first = await me.post('/Appointment/$book', body, { 'idempotency-key': key });
    const again = await me.post('/Appointment/$book', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
  });
});

describe('staff, sessions and directory changes', () => {
  it('staff book for a patient over FHIR; a patient session cannot write through the door', async () => {
    const [proposal] = await find(staff, { _count: '1' }, [5, 9]);
    const patient = { name: 'patient', valueReference: { reference: `Patient/${people[6]!.patient_id}` } };
    const held = await staff.post(
      '/Appointment/$hold',
      parameters({ name: 'appointment', resource: proposal }, patient),
    );
    expect(held.status).toBe(200);
    expect(held.body.participant[0].actor.reference).toBe(`Patient/${people[6]!.patient_id}`);
    // Someone else's hold is not theirs to book.
    const stolen = await asPatient(7).post(
      '/Appointment/$book',
      parameters({ name: 'appointment', resource: held.body }),
    );
    expect(stolen.status).toBe(403);
    const renamed = {
      ...held.body,
      participant: [
        { actor: { reference: `Patient/${people[7]!.patient_id}` }, status: 'accepted' },
        ...held.body.participant.slice(1),
      ],
    };
    const relabelled = await asPatient(7).post(
      '/Appointment/$book',
      parameters({ name: 'appointment', resource: renamed }),
    );
    expect(relabelled.status).toBe(404);
    const booked = await staff.post(
      '/Appointment/$book',
      parameters({ name: 'appointment', resource: held.body }, patient),
    );
    expect(booked.status).toBe(200);
    expect(booked.body.status).toBe('booked');
    // The resource follows the schedule: writing it directly cannot book or change a visit.
    const edited = await staff.put(`/Appointment/${held.body.id}`, { ...booked.body, status: 'cancelled' });
    expect(edited.status).toBe(403);
    const { id: _id, meta: _meta, ...copy } = booked.body;
    expect((await system.post('/Appointment', copy)).status).toBe(403);
    expect((await staff.get(`/Appointment/${held.body.id}`)).body.status).toBe('booked');
    const again = await staff.post(
      '/Appointment/$book',
      parameters({ name: 'appointment', resource: held.body }, patient),
    );
    expect(again.status).toBe(409);

    const session = new TestClient(server.app);
    expect((await session.signIn(people[8]!.email)).status).toBe(200);
    const before = await appointmentCount();
    const [other] = await find(staff, { _count: '1' }, [5, 9]);
    const refused = await new FhirClient(session).post(
      '/Appointment/$book',
      parameters({ name: 'appointment', resource: other }),
    );
    expect(refused.status).toBe(403);
    expect(await appointmentCount()).toBe(before);

    // A patient's session reads their own appointments only.
    const own = new TestClient(server.app);
    expect((await own.signIn(people[6]!.email)).status).toBe(200);
    const mine = await new FhirClient(own).get(`/Appointment?patient=Patient/${people[6]!.patient_id}`);
    expect(mine.body.entry.map((e: Json) => e.resource.id)).toContain(booked.body.id);
    const theirs = await new FhirClient(session).get(`/Appointment?patient=Patient/${people[6]!.patient_id}`);
    expect(theirs.body.entry ?? []).toEqual([]);
  });

  it('a hold that ran out is released to the next booker and its Appointment is cancelled', async () => {
    const [proposal] = await find(system, { _count: '1' }, [9, 13]);
    const held = await asPatient(9).post(
      '/Appointment/$hold',
      parameters({ name: 'appointment', resource: proposal }),
    );
    expect(held.status).toBe(200);
    const taken = await asPatient(10).post(
      '/Appointment/$book',
      parameters({ name: 'appointment', resource: proposal }),
    );
    expect(taken.status).toBe(409);
    await server.runtime.database.db
      .updateTable('appointments')
      .set({ hold_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', held.body.id)
      .execute();
    const booked = await asPatient(10).post(
      '/Appointment/$book',
      parameters({ name: 'appointment', resource: proposal }),
    );
    expect(booked.status).toBe(201);
    const released = await system.get(`/Appointment/${held.body.id}`);
    expect(released.body.status).toBe('cancelled');
  });

  it('a directory change in the console updates the FHIR resource', async () => {
    await staff.http.refreshSession();
    const changed = await staff.http.patch(`/api/staff/locations/${pick.location.id}`, {
      phone: '+1 718 555 0100',
    });
    expect(changed.status).toBe(200);
    const place = await system.get(`/Location/${pick.location.id}`);
    expect(place.body.telecom).toEqual([{ system: 'phone', value: '+1 718 555 0100', use: 'work' }]);
    expect(Number(place.body.meta.versionId)).toBeGreaterThan(1);

    const hired = await staff.http.post<{ id: string }>('/api/staff/providers', {
      givenName: 'Rosa',
      familyName: 'Quintero',
      specialties: ['family_medicine'],
      locationId: pick.location.id,
    });
    expect(hired.status).toBe(201);
    const named = await system.get('/Practitioner?name=Quintero');
    expect(named.body.entry.map((e: Json) => e.resource.id)).toEqual([hired.body.id]);
    const role = await system.get(`/PractitionerRole?practitioner=Practitioner/${hired.body.id}`);
    expect(role.body.entry[0].resource.location[0].reference).toBe(`Location/${pick.location.id}`);
    const schedule = await system.get(`/Schedule?actor=Practitioner/${hired.body.id}`);
    expect(schedule.body.entry).toHaveLength(1);
  });
});
