import type { Appointment } from '@accompany/contracts';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../src/platform/db/database.js';
import { extractIndex } from '../src/fhir/search/extract.js';
import { findAppointmentRow } from '../src/modules/scheduling/appointments.repository.js';
import { appointmentOf } from '../src/modules/scheduling/fhir/map-appointment.js';
import { register } from 'prom-client';
import {
  caughtMail,
  enrolStaff,
  onPostgres,
  startTestServer,
  TestClient,
  type TestServer,
} from './harness.js';
import { bookingBody, brooklynSickVisit, demoPatients, signedInPatients } from './scheduling-helpers.js';

let server: TestServer;
let patients: TestClient[];
let pick: Awaited<ReturnType<typeof brooklynSickVisit>>;

beforeAll(async () => {
  server = await startTestServer();
  patients = await signedInPatients(server, 40);
  pick = await brooklynSickVisit(patients[0]!, 21);
  expect(pick.slots.length).toBeGreaterThanOrEqual(60);
});
afterAll(async () => server?.close());

/** Every appointment row of the provider, whatever its status: a lost claim must leave none. */
const allRows = async (providerId: string) =>
  (
    await server.runtime.database.db
      .selectFrom('appointments')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('provider_id', '=', providerId)
      .executeTakeFirstOrThrow()
  ).n;

const live = () =>
  server.runtime.database.db
    .selectFrom('appointments')
    .select(['provider_id', 'start_at', 'patient_id', 'status'])
    .where('status', 'in', ['held', 'booked', 'checked_in'])
    .execute();

describe('booking under concurrency', () => {
  it('200 concurrent bookers on 50 slots: exactly 50 appointments and 150 clear 409s with next times', async () => {
    const slots = pick.slots.slice(0, 50);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        patients[i % 40]!.post<{ code?: string; nextSlots?: unknown[] } & Partial<Appointment>>(
          '/api/appointments',
          bookingBody(pick, slots[i % 50]!.start),
        ),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 409)).toHaveLength(150);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.code).toBe('conflict');
      expect(Array.isArray(r.body.nextSlots)).toBe(true);
    }
    const rows = (await live()).filter((r) => r.provider_id === pick.provider.id);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.start_at.toISOString())).size).toBe(50);
    const cells = await server.runtime.database.db
      .selectFrom('slot_cells')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('provider_id', '=', pick.provider.id)
      .executeTakeFirstOrThrow();
    expect(cells.n).toBe(50 * (pick.visitType.minutes / 5));
    // The losers' claims (rows and any cells they won) went with their rolled-back transactions.
    expect(await allRows(pick.provider.id)).toBe(50);
  });

  it('twelve bookers of one time at once: one books, eleven get 409 with other times, most without a claim of their own', async () => {
    const start = pick.slots[57]!.start;
    const followers = async () => {
      const metric =
        (await register.getSingleMetric('accompany_booking_followers_total')?.get())?.values ?? [];
      return (outcome: string) => metric.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    };
    const before = await followers();
    const results = await Promise.all(
      patients
        .slice(10, 22)
        .map((p) =>
          p.post<{ code?: string; nextSlots?: { start: string }[] } & Partial<Appointment>>(
            '/api/appointments',
            bookingBody(pick, start),
          ),
        ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(11);
    for (const r of refused) {
      expect(r.body.nextSlots!.length).toBeGreaterThan(0);
      expect(r.body.nextSlots!.map((s) => s.start)).not.toContain(start);
    }
    const after = await followers();
    const lost = after('lost') - before('lost');
    // On PostgreSQL the requests overlap: the ones that came while the first was in flight waited
    // for it and answered from its outcome. (PGlite has one connection: requests run one by one,
    // so none is ever in flight beside another.)
    if (onPostgres()) expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThanOrEqual(11);
    expect(after('went_on') - before('went_on')).toBe(0);
    expect((await live()).filter((r) => r.start_at.toISOString() === start)).toHaveLength(1);
  });

  // A booking writes its answer, its FHIR Appointment, mail, notice and jobs from what it read
  // before the claim, in one statement: all of it must equal what reading the row back gives.
  it('a booking answers, stores and queues exactly what its stored row says', async () => {
    const booked = await patients[3]!.post<Appointment>(
      '/api/appointments',
      bookingBody(pick, pick.slots[52]!.start),
    );
    expect(booked.status).toBe(201);
    const again = await patients[3]!.get<Appointment>(`/api/appointments/${booked.body.id}`);
    expect(again.body).toEqual(booked.body);
    const { db } = server.runtime.database;
    const stored = await db
      .selectFrom('fhir_resources')
      .select(['version', 'content'])
      .where('resource_type', '=', 'Appointment')
      .where('id', '=', booked.body.id)
      .executeTakeFirstOrThrow();
    const row = await inTenant(db, server.tenantId, (tx) => findAppointmentRow(tx, booked.body.id));
    const { meta: _meta, ...content } = stored.content as Record<string, unknown>;
    expect(stored.version).toBe(1);
    expect(content).toEqual(appointmentOf(row!));
    const index = await db
      .selectFrom('fhir_index')
      .select(['param'])
      .where('resource_id', '=', booked.body.id)
      .execute();
    // The index rows the door's write path would extract from the stored resource.
    const expected = extractIndex(stored.content as never).map((r) => r.param);
    expect(index.map((i) => i.param).sort()).toEqual(expected.sort());
    const jobs = await db
      .selectFrom('jobs')
      .select(['queue', 'payload', 'max_attempts'])
      .where(sql<boolean>`payload->>'appointmentId' = ${booked.body.id}`)
      .execute();
    const start = new Date(booked.body.start).getTime();
    const reminders = [10080, 1440, 120].filter((m) => start - m * 60_000 > Date.now());
    expect(jobs.map((j) => j.queue).sort()).toEqual(
      ['scheduling.no_show', ...reminders.map(() => 'scheduling.reminder')].sort(),
    );
    const reminderOffsets = jobs.flatMap((j) =>
      j.queue === 'scheduling.reminder' ? [j.payload.offsetMinutes] : [],
    );
    expect(reminderOffsets.sort()).toEqual(reminders.sort());
    const audits = await db
      .selectFrom('audit_events')
      .select(['object_type', 'action', 'patient_id'])
      .where('object_id', '=', booked.body.id)
      .execute();
    expect(audits).toEqual(
      expect.arrayContaining([
        { object_type: 'Appointment', action: 'create', patient_id: row!.patient_id },
        { object_type: 'fhir:Appointment', action: 'create', patient_id: row!.patient_id },
      ]),
    );
  });

  it('a 409 offers times that are actually free, and the refused booking leaves no row', async () => {
    const taken = pick.slots[0]!.start;
    const before = await allRows(pick.provider.id);
    // The time reads as busy before any claim: the answer comes from what the booking read.
    const res = await patients[5]!.post<{ code: string; nextSlots: { start: string; end: string }[] }>(
      '/api/appointments',
      bookingBody(pick, taken),
    );
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('conflict');
    expect(await allRows(pick.provider.id)).toBe(before);
    expect(res.body.nextSlots).toHaveLength(3);
    const rows = (await live()).filter((r) => r.provider_id === pick.provider.id);
    for (const s of res.body.nextSlots) {
      expect(new Date(s.start) >= new Date(taken)).toBe(true);
      expect(rows.some((r) => r.start_at.toISOString() === s.start)).toBe(false);
    }
    const next = res.body.nextSlots[0]!.start;
    expect(pick.slots.slice(0, 50).map((s) => s.start)).not.toContain(next);
    const booked = await patients[5]!.post<Appointment>('/api/appointments', bookingBody(pick, next));
    expect(booked.status).toBe(201);
  });

  it('an Idempotency-Key replays the first booking, even when sent twice at once', async () => {
    const start = pick.slots[55]!.start;
    const key = randomUUID();
    const client = patients[7]!;
    await client.refreshSession();
    const send = () =>
      client.request<Appointment>('POST', '/api/appointments', bookingBody(pick, start), {
        'idempotency-key': key,
      });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const again = await send();
    expect(again.body.id).toBe(a.body.id);
    const reused = await client.request<{ code: string }>(
      'POST',
      '/api/appointments',
      bookingBody(pick, pick.slots[56]!.start),
      { 'idempotency-key': key },
    );
    expect(reused.status).toBe(400);
    const n = (await live()).filter((r) => r.start_at.toISOString() === start);
    expect(n).toHaveLength(1);
  });

  it('overlapping visits of different lengths cannot both be booked (staff book a 60-minute visit over a 20-minute one)', async () => {
    const admin = new TestClient(server.app);
    await enrolStaff(admin, 'frontdesk@riverside.example');
    const [someone] = await demoPatients(server, 1);
    const directory = await admin.get<{ visitTypes: { id: string; code: string }[] }>('/api/staff/directory');
    const annual = directory.body.visitTypes.find((v) => v.code === 'annual_physical')!;
    // 10 minutes before a booked 20-minute visit: the 40-minute physical would overlap it.
    const bookedStart = new Date(pick.slots[1]!.start).getTime();
    const res = await admin.post<{ code: string }>('/api/staff/appointments', {
      ...bookingBody(pick, new Date(bookedStart - 10 * 60_000).toISOString()),
      visitTypeId: annual.id,
      patientId: someone!.patient_id,
    });
    expect(res.status).toBe(409);
  });
});

describe('holds', () => {
  it('a hold keeps the time from others until booked by its holder', async () => {
    const start = pick.slots[58]!.start;
    const hold = await patients[10]!.post<Appointment>('/api/appointments/holds', bookingBody(pick, start));
    expect(hold.status).toBe(201);
    expect(hold.body.status).toBe('held');
    expect(new Date(hold.body.holdExpiresAt!).getTime()).toBeGreaterThan(Date.now());
    expect((await patients[11]!.post('/api/appointments', bookingBody(pick, start))).status).toBe(409);
    const booked = await patients[10]!.post<Appointment>(
      '/api/appointments',
      bookingBody(pick, start, { holdId: hold.body.id }),
    );
    expect(booked.status).toBe(201);
    expect(booked.body.id).toBe(hold.body.id);
    expect(booked.body.status).toBe('booked');
  });

  it('an expired hold frees its time for the next booker', async () => {
    const start = pick.slots[59]!.start;
    const hold = await patients[12]!.post<Appointment>('/api/appointments/holds', bookingBody(pick, start));
    expect(hold.status).toBe(201);
    await server.runtime.database.db
      .updateTable('appointments')
      .set({ hold_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', hold.body.id)
      .execute();
    const other = await patients[13]!.post<Appointment>('/api/appointments', bookingBody(pick, start));
    expect(other.status).toBe(201);
    const old = await server.runtime.database.db
      .selectFrom('appointments')
      .select('status')
      .where('id', '=', hold.body.id)
      .executeTakeFirstOrThrow();
    expect(old.status).toBe('expired');
  });
});

describe('my appointments, privacy and the audit trail', () => {
  it('a patient sees only their own; another patient gets 404 and a denied audit record', async () => {
    const mine = await patients[0]!.get<{ items: Appointment[] }>('/api/appointments');
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    const [me] = await demoPatients(server, 1);
    const ids = new Set(
      (
        await server.runtime.database.db
          .selectFrom('appointments')
          .select('id')
          .where('patient_id', '=', me!.patient_id)
          .execute()
      ).map((r) => r.id),
    );
    for (const a of mine.body.items) expect(ids.has(a.id)).toBe(true);
    const theirs = mine.body.items[0]!;
    const peek = await patients[1]!.get<{ code: string }>(`/api/appointments/${theirs.id}`);
    expect(peek.status).toBe(404);
    expect(
      (await patients[1]!.post(`/api/appointments/${theirs.id}/cancel`, { reason: 'not mine' })).status,
    ).toBe(404);
    const denied = await server.runtime.database.db
      .selectFrom('audit_events')
      .select(['outcome', 'action'])
      .where('object_id', '=', theirs.id)
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBe(2);
    const reads = await server.runtime.database.db
      .selectFrom('audit_events')
      .select('id')
      .where('patient_id', '=', me!.patient_id)
      .where('object_type', '=', 'Appointment')
      .where('action', '=', 'search')
      .execute();
    expect(reads.length).toBeGreaterThan(0);
  });

  it('confirmation mail carries a calendar link that returns an .ics file without signing in', async () => {
    const [me] = await demoPatients(server, 1);
    const mail = await caughtMail(server, me!.email);
    const confirmation = mail.find((m) => m.template === 'appointment_booked')!;
    const dead = await server.runtime.database.db
      .selectFrom('jobs')
      .select(['queue', 'last_error'])
      .where('status', '=', 'dead')
      .execute();
    expect(dead).toEqual([]);
    expect(confirmation).toBeDefined();
    const link = /(\/api\/appointment-links\/calendar\.ics\?token=[A-Za-z0-9_-]+)/.exec(
      confirmation.text_body,
    )![1]!;
    const ics = await new TestClient(server.app).get<string>(link);
    expect(ics.status).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VEVENT');
    const forged = await new TestClient(server.app).get(link.replace(/token=../, 'token=zz'));
    expect(forged.status).toBe(400);
  });
});

describe('cancel and reschedule', () => {
  it('reschedules to an open time, cancels with a reason, and refuses a second cancel', async () => {
    const client = patients[20]!;
    const booked = await client.post<Appointment>(
      '/api/appointments',
      bookingBody(pick, pick.slots[60]!.start),
    );
    expect(booked.status).toBe(201);
    const moved = await client.post<Appointment>(`/api/appointments/${booked.body.id}/reschedule`, {
      start: pick.slots[61]!.start,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.start).toBe(pick.slots[61]!.start);
    // The old time is free again.
    expect(
      (await patients[21]!.post('/api/appointments', bookingBody(pick, pick.slots[60]!.start))).status,
    ).toBe(201);
    const cancelled = await client.post<Appointment>(`/api/appointments/${booked.body.id}/cancel`, {
      reason: 'Feeling better',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.lateCancel).toBe(false);
    const twice = await client.post<{ code: string }>(`/api/appointments/${booked.body.id}/cancel`, {
      reason: 'again',
    });
    expect(twice.status).toBe(409);
    expect(
      (await patients[22]!.post('/api/appointments', bookingBody(pick, pick.slots[61]!.start))).status,
    ).toBe(201);
  });

  it('inside the cancellation window a patient cannot cancel; staff can, and it is recorded as late', async () => {
    const client = patients[23]!;
    const booked = await client.post<Appointment>(
      '/api/appointments',
      bookingBody(pick, pick.slots[62]!.start),
    );
    expect(booked.status).toBe(201);
    // The visit type's window grows to cover the time until the visit.
    const admin = new TestClient(server.app);
    await enrolStaff(admin, 'admin@riverside.example');
    const widened = await admin.patch(`/api/staff/visit-types/${pick.visitType.id}`, {
      cancelWindowHours: 336,
    });
    expect(widened.status).toBe(200);
    const refused = await client.post<{ code: string }>(`/api/appointments/${booked.body.id}/cancel`, {
      reason: 'busy',
    });
    expect(refused.status).toBe(403);
    const row = await server.runtime.database.db
      .selectFrom('appointments')
      .select('status')
      .where('id', '=', booked.body.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('booked');
    const byStaff = await admin.post<Appointment>(`/api/staff/appointments/${booked.body.id}/cancel`, {
      reason: 'Patient called',
    });
    expect(byStaff.status).toBe(200);
    expect(byStaff.body.lateCancel).toBe(true);
    await admin.patch(`/api/staff/visit-types/${pick.visitType.id}`, { cancelWindowHours: 2 });
  });
});

describe('bad bookings change nothing', () => {
  it('past times, impossible dates, off-grid times and office-only visit types get a clear 4xx', async () => {
    const before = (await live()).length;
    const client = patients[30]!;
    const past = await client.post<{ code: string }>(
      '/api/appointments',
      bookingBody(pick, '2020-01-06T15:00:00.000Z'),
    );
    expect(past.status).toBe(400);
    const impossible = await client.post<{ code: string }>(
      '/api/appointments',
      bookingBody(pick, '2027-02-30T15:00:00Z'),
    );
    expect(impossible.status).toBe(400);
    expect(impossible.body.code).toBe('validation_failed');
    const offGrid = new Date(new Date(pick.slots[70]!.start).getTime() + 7 * 60_000).toISOString();
    expect((await client.post('/api/appointments', bookingBody(pick, offGrid))).status).toBe(400);
    const directory = await client.get<{ visitTypes: { id: string; code: string }[] }>(
      '/api/scheduling/directory',
    );
    expect(directory.body.visitTypes.some((v) => v.code === 'minor_procedure')).toBe(true);
    const procedure = directory.body.visitTypes.find((v) => v.code === 'minor_procedure')!;
    const officeOnly = await client.post<{ code: string }>('/api/appointments', {
      ...bookingBody(pick, pick.slots[70]!.start),
      visitTypeId: procedure.id,
    });
    expect(officeOnly.status).toBe(403);
    const badZip = await client.get<{ code: string }>(
      '/api/scheduling/search?reason=sore%20throat&zip=99999',
    );
    expect(badZip.status).toBe(400);
    expect((await live()).length).toBe(before);
    // The refused requests claimed their time before the rules refused them: the claim went
    // with the refusal, and the same time books at once.
    const cells = await server.runtime.database.db
      .selectFrom('slot_cells')
      .leftJoin('appointments', 'appointments.id', 'slot_cells.appointment_id')
      .select(
        sql<number>`count(*) filter (where appointments.status is distinct from 'booked'
        and appointments.status is distinct from 'held' and appointments.status is distinct from 'checked_in')::int`.as(
          'n',
        ),
      )
      .executeTakeFirstOrThrow();
    expect(cells.n).toBe(0);
    const after = await client.post<Appointment>(
      '/api/appointments',
      bookingBody(pick, pick.slots[70]!.start),
    );
    expect(after.status).toBe(201);
    expect(after.body.start).toBe(pick.slots[70]!.start);
  });
});
