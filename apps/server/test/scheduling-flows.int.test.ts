import type { Appointment, SearchResponse, WaitlistEntry } from '@accompany/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtMail, enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import { addSecondTenant } from './second-tenant.js';
import { bookingBody, brooklynSickVisit, demoPatients, signedInPatients } from './scheduling-helpers.js';

let server: TestServer;
let patients: TestClient[];
let frontDesk: TestClient;
let admin: TestClient;
let pick: Awaited<ReturnType<typeof brooklynSickVisit>>;

beforeAll(async () => {
  server = await startTestServer();
  patients = await signedInPatients(server, 6);
  frontDesk = new TestClient(server.app);
  await enrolStaff(frontDesk, 'frontdesk@riverside.example');
  admin = new TestClient(server.app);
  await enrolStaff(admin, 'admin@riverside.example');
  pick = await brooklynSickVisit(patients[0]!, 21);
});
afterAll(async () => server?.close());

/** Makes the queued jobs of a queue due now (explicit time instead of waiting), then runs them. */
async function runDue(queue: string) {
  await server.runtime.database.db
    .updateTable('jobs')
    .set({ run_at: sql<Date>`now()` })
    .where('queue', '=', queue)
    .where('status', '=', 'queued')
    .execute();
  await server.runtime.worker.drain();
}

describe('search', () => {
  it('maps plain words in English and Spanish to specialties and sorts by distance from a ZIP', async () => {
    const en = await patients[0]!.get<SearchResponse>(
      '/api/scheduling/search?reason=sore%20throat&zip=11215',
    );
    const es = await patients[0]!.get<SearchResponse>(
      '/api/scheduling/search?reason=dolor%20de%20garganta&zip=11215',
    );
    expect(en.status).toBe(200);
    expect(en.body.items.map((i) => i.provider.id)).toEqual(es.body.items.map((i) => i.provider.id));
    expect(en.body.items.length).toBeGreaterThan(3);
    for (const item of en.body.items) {
      expect(
        item.provider.specialties.some((s) =>
          ['family_medicine', 'internal_medicine', 'pediatrics'].includes(s),
        ),
      ).toBe(true);
      expect(item.visitType.code).toBe('sick_visit');
    }
    const distances = en.body.items.map((i) => i.distanceMiles!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances[0]).toBeLessThan(5);
    expect(en.body.items[0]!.nextSlots.length).toBeGreaterThan(0);
  });

  it("sorts by distance from the phone's coordinates too", async () => {
    const near = await patients[0]!.get<SearchResponse>(
      '/api/scheduling/search?reason=sore%20throat&lat=41.9&lon=-87.63',
    );
    expect(near.status).toBe(200);
    expect(near.body.items[0]!.location.city).toBe('Chicago');
    const half = await patients[0]!.get('/api/scheduling/search?reason=sore%20throat&lat=41.9');
    expect(half.status).toBe(400);
  });

  it('knee pain finds orthopedics; annual physical finds the physical; chest pain says emergency', async () => {
    const knee = await patients[0]!.get<SearchResponse>('/api/scheduling/search?reason=knee%20pain');
    expect(knee.body.items.every((i) => i.provider.specialties.includes('orthopedics'))).toBe(true);
    expect(knee.body.items.length).toBeGreaterThan(0);
    const physical = await patients[0]!.get<SearchResponse>(
      '/api/scheduling/search?reason=annual%20physical',
    );
    expect(physical.body.items.every((i) => i.visitType.code === 'annual_physical')).toBe(true);
    const chest = await patients[0]!.get<SearchResponse>('/api/scheduling/search?reason=chest%20pain');
    expect(chest.body.emergency).toBe(true);
    expect(chest.body.items).toEqual([]);
  });

  it('filters by language, gender, insurance and mornings, and sorts by soonest', async () => {
    const res = await patients[0]!.get<SearchResponse>(
      '/api/scheduling/search?specialty=family_medicine&language=es&when=mornings&sort=soonest',
    );
    expect(res.status).toBe(200);
    for (const item of res.body.items) {
      expect(item.provider.languages).toContain('es');
      for (const slot of item.nextSlots) {
        const hour = Number(
          new Intl.DateTimeFormat('en-US', {
            timeZone: item.location.timeZone,
            hour: '2-digit',
            hourCycle: 'h23',
          }).format(new Date(slot.start)),
        );
        expect(hour).toBeLessThan(12);
      }
    }
    const starts = res.body.items.map((i) => i.nextSlots[0]?.start ?? '9999');
    expect(starts).toEqual([...starts].sort());
    const women = await patients[0]!.get<SearchResponse>(
      '/api/scheduling/search?gender=female&insurance=medicaid',
    );
    for (const item of women.body.items) {
      expect(item.provider.gender).toBe('female');
      expect(item.provider.insurancePlans).toContain('medicaid');
    }
  });

  it('another tenant sees none of this directory', async () => {
    const other = await addSecondTenant(server);
    const res = await other.patient.get<SearchResponse>('/api/scheduling/search?reason=sore%20throat');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    const peek = await other.patient.get(
      `/api/scheduling/providers/${pick.provider.id}/slots?visitTypeId=${pick.visitType.id}&locationId=${pick.location.id}&from=2027-01-04`,
    );
    expect(peek.status).toBe(404);
    const book = await other.patient.post('/api/appointments', bookingBody(pick, pick.slots[30]!.start));
    expect(book.status).toBe(404);
    const mine = await patients[0]!.get<{ items: Appointment[] }>('/api/appointments');
    const look = await other.patient.get(`/api/appointments/${mine.body.items[0]?.id ?? pick.provider.id}`);
    expect(look.status).toBe(404);
  });
});

describe('reminders and signed links', () => {
  it('reminders go out at the organization offsets in the patient language, with links that confirm and cancel without signing in', async () => {
    const people = await demoPatients(server, 6);
    const spanishIndex = people.findIndex((p) => p.locale === 'es');
    const spanish = people[spanishIndex]!;
    const client = patients[spanishIndex]!;
    // Three days ahead: the 1-day and 2-hour reminders are still ahead, the 7-day one is past.
    const start = pick.slots.find((s) => new Date(s.start).getTime() > Date.now() + 3 * 86_400_000)!.start;
    const booked = await client.post<Appointment>('/api/appointments', bookingBody(pick, start));
    expect(booked.status).toBe(201);
    const jobs = await server.runtime.database.db
      .selectFrom('jobs')
      .select(['payload', 'run_at'])
      .where('queue', '=', 'scheduling.reminder')
      .where(sql<boolean>`payload->>'appointmentId' = ${booked.body.id}`)
      .execute();
    expect(
      jobs.map((j) => (j.payload as { offsetMinutes: number }).offsetMinutes).sort((a, b) => a - b),
    ).toEqual([120, 1440]);
    for (const j of jobs) {
      const offset = (j.payload as { offsetMinutes: number }).offsetMinutes;
      expect(new Date(start).getTime() - j.run_at.getTime()).toBe(offset * 60_000);
    }
    const feed = await server.runtime.database.db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select('n.title')
      .where('u.email', '=', spanish.email)
      .execute();
    expect(feed.map((n) => n.title)).toContain('Cita reservada');
    await runDue('scheduling.reminder');
    const reminders = (await caughtMail(server, spanish.email)).filter(
      (m) => m.template === 'appointment_reminder',
    );
    expect(reminders).toHaveLength(2);
    expect(reminders[0]!.subject).toContain('Recordatorio');
    const token = /\/appointments\/manage\?token=([A-Za-z0-9_-]+)/.exec(reminders[0]!.text_body)![1]!;
    const stranger = new TestClient(server.app);
    await stranger.refreshSession();
    const seen = await stranger.get<Appointment>(`/api/appointment-links/appointment?token=${token}`);
    expect(seen.status).toBe(200);
    expect(seen.body.id).toBe(booked.body.id);
    expect(seen.body.patient).toBeNull();
    const confirmed = await stranger.post<Appointment>('/api/appointment-links/confirm', { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.confirmedAt).not.toBeNull();
    const cancelled = await stranger.post<Appointment>('/api/appointment-links/cancel', {
      token,
      reason: 'Desde el correo',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await stranger.post('/api/appointment-links/cancel', { token, reason: 'again' })).status).toBe(
      409,
    );
    // A moved or cancelled visit gets no more reminders.
    await server.runtime.database.db
      .updateTable('jobs')
      .set({ status: 'queued' })
      .where('queue', '=', 'scheduling.reminder')
      .execute();
    await runDue('scheduling.reminder');
    expect(
      (await caughtMail(server, spanish.email)).filter((m) => m.template === 'appointment_reminder'),
    ).toHaveLength(2);
  });
});

describe('organization settings', () => {
  it('an admin sets the reminder offsets; visits booked afterwards get reminders at those offsets', async () => {
    const bad = await admin.request('PUT', '/api/staff/scheduling-settings', {
      reminderOffsetsMinutes: [5],
      holdMinutes: 5,
      offerMinutes: 30,
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await frontDesk.request('PUT', '/api/staff/scheduling-settings', {
          reminderOffsetsMinutes: [60],
          holdMinutes: 5,
          offerMinutes: 30,
        })
      ).status,
    ).toBe(403);
    const set = await admin.request<{ reminderOffsetsMinutes: number[] }>(
      'PUT',
      '/api/staff/scheduling-settings',
      {
        reminderOffsetsMinutes: [60, 2880, 60],
        holdMinutes: 5,
        offerMinutes: 30,
      },
    );
    expect(set.status).toBe(200);
    expect(set.body.reminderOffsetsMinutes).toEqual([2880, 60]);
    const start = pick.slots.find((s) => new Date(s.start).getTime() > Date.now() + 3 * 86_400_000)!.start;
    const booked = await patients[4]!.post<Appointment>('/api/appointments', bookingBody(pick, start));
    expect(booked.status).toBe(201);
    const offsets = await server.runtime.database.db
      .selectFrom('jobs')
      .select(sql<number>`(payload->>'offsetMinutes')::int`.as('offset'))
      .where('queue', '=', 'scheduling.reminder')
      .where(sql<boolean>`payload->>'appointmentId' = ${booked.body.id}`)
      .execute();
    expect(offsets.map((o) => o.offset).sort((a, b) => a - b)).toEqual([60, 2880]);
    await admin.request('PUT', '/api/staff/scheduling-settings', {
      reminderOffsetsMinutes: [10080, 1440, 120],
      holdMinutes: 5,
      offerMinutes: 30,
    });
  });
});

describe('waitlist', () => {
  it('a cancellation offers the time to waiting patients in order; of several accepting at once exactly one gets it', async () => {
    const freed = pick.slots[3]!.start;
    const holder = await patients[0]!.post<Appointment>('/api/appointments', bookingBody(pick, freed));
    expect(holder.status).toBe(201);
    const waiting: { client: TestClient; appointment: Appointment }[] = [];
    for (const [i, client] of patients.slice(1, 5).entries()) {
      const later = await client.post<Appointment>(
        '/api/appointments',
        bookingBody(pick, pick.slots[40 + i]!.start),
      );
      expect(later.status).toBe(201);
      const join = await client.post<WaitlistEntry>('/api/waitlist', { appointmentId: later.body.id });
      expect(join.status).toBe(201);
      waiting.push({ client, appointment: later.body });
    }
    expect(
      (await waiting[0]!.client.post('/api/waitlist', { appointmentId: waiting[0]!.appointment.id })).status,
    ).toBe(409);
    const cancel = await patients[0]!.post(`/api/appointments/${holder.body.id}/cancel`, {
      reason: 'Travel',
    });
    expect(cancel.status).toBe(200);
    await server.runtime.worker.drain();
    const lists = await Promise.all(
      waiting.map((w) => w.client.get<{ items: WaitlistEntry[] }>('/api/waitlist')),
    );
    const offered = lists.map((l) => l.body.items[0]!.offer);
    // The first three in line get an offer; the fourth waits.
    expect(offered.slice(0, 3).every((o) => o?.status === 'open' && o.start === freed)).toBe(true);
    expect(offered[3]).toBeNull();
    const answers = await Promise.all(
      waiting
        .slice(0, 3)
        .map((w, i) => w.client.post<Appointment>(`/api/waitlist/offers/${offered[i]!.id}/accept`)),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(2);
    const atFreed = await server.runtime.database.db
      .selectFrom('appointments')
      .select('patient_id')
      .where('provider_id', '=', pick.provider.id)
      .where('start_at', '=', new Date(freed))
      .where('status', '=', 'booked')
      .execute();
    expect(atFreed).toHaveLength(1);
    const staffView = await frontDesk.get<{ items: WaitlistEntry[] }>(
      `/api/staff/waitlist?providerId=${pick.provider.id}`,
    );
    expect(staffView.status).toBe(200);
    expect(staffView.body.items.length).toBeGreaterThanOrEqual(3);
    expect(staffView.body.items[0]!.patient).not.toBeNull();
  });

  it('offers that expire pass to the next in line', async () => {
    const freed = pick.slots[5]!.start;
    const holder = await patients[5]!.post<Appointment>('/api/appointments', bookingBody(pick, freed));
    expect(holder.status).toBe(201);
    // Given patients waiting with no open offer (the previous test's offers are settled).
    await server.runtime.worker.drain();
    await server.runtime.database.db
      .updateTable('waitlist_offers')
      .set({ status: 'declined' })
      .where('status', '=', 'open')
      .execute();
    await server.runtime.database.db
      .updateTable('waitlist_entries')
      .set({ status: 'waiting' })
      .where('status', '=', 'offered')
      .execute();
    const before = await server.runtime.database.db
      .selectFrom('waitlist_offers')
      .select('entry_id')
      .where('start_at', '=', new Date(freed))
      .execute();
    expect(before).toHaveLength(0);
    await patients[5]!.post(`/api/appointments/${holder.body.id}/cancel`, { reason: 'Travel' });
    await server.runtime.worker.drain();
    const first = await server.runtime.database.db
      .selectFrom('waitlist_offers')
      .select(['entry_id', 'status'])
      .where('start_at', '=', new Date(freed))
      .execute();
    expect(first.length).toBeGreaterThan(0);
    await server.runtime.database.db
      .updateTable('waitlist_offers')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('start_at', '=', new Date(freed))
      .execute();
    await runDue('scheduling.offer_expiry');
    const after = await server.runtime.database.db
      .selectFrom('waitlist_offers')
      .select(['entry_id', 'status'])
      .where('start_at', '=', new Date(freed))
      .execute();
    expect(after.filter((o) => o.status === 'expired')).toHaveLength(first.length);
    const fresh = after.filter((o) => o.status === 'open');
    for (const o of fresh) expect(first.map((f) => f.entry_id)).not.toContain(o.entry_id);
  });
});

describe('check-in, arrivals and no-shows', () => {
  it('front desk marks arrival, sees arrivals per location; an unattended visit becomes a no-show by the job', async () => {
    const [someone, other] = await demoPatients(server, 2);
    const start = pick.slots[10]!.start;
    const booked = await frontDesk.post<Appointment>('/api/staff/appointments', {
      ...bookingBody(pick, start),
      patientId: someone!.patient_id,
    });
    expect(booked.status).toBe(201);
    expect(booked.body.patient?.id).toBe(someone!.patient_id);
    const second = await frontDesk.post<Appointment>('/api/staff/appointments', {
      ...bookingBody(pick, pick.slots[11]!.start),
      patientId: other!.patient_id,
    });
    expect(second.status).toBe(201);
    // Too early for the patient to check in from the phone (not the day of the visit yet).
    const early = await patients[0]!.post<{ code: string }>(`/api/appointments/${booked.body.id}/check-in`);
    expect(early.status).toBe(400);
    // Move the visit to a minute ago (still on and never after today's local date, even run just
    // before the location's midnight) and check in.
    const soon = new Date(Date.now() - 60_000);
    await server.runtime.database.db
      .updateTable('appointments')
      .set({ start_at: soon, end_at: new Date(soon.getTime() + 20 * 60_000) })
      .where('id', '=', booked.body.id)
      .execute();
    const arrived = await patients[0]!.post<Appointment>(`/api/appointments/${booked.body.id}/check-in`);
    expect(arrived.status).toBe(200);
    expect(arrived.body.status).toBe('checked_in');
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: pick.location.timeZone }).format(soon);
    const arrivals = await frontDesk.get<{ items: Appointment[] }>(
      `/api/staff/arrivals?locationId=${pick.location.id}&date=${date}`,
    );
    expect(arrivals.body.items.find((a) => a.id === booked.body.id)?.status).toBe('checked_in');
    // The second visit ended unattended: its no-show job turns it into a no-show.
    const past = new Date(Date.now() - 3 * 3_600_000);
    await server.runtime.database.db
      .updateTable('appointments')
      .set({ start_at: past, end_at: new Date(past.getTime() + 20 * 60_000) })
      .where('id', '=', second.body.id)
      .execute();
    await server.runtime.database.db
      .updateTable('jobs')
      .set({ payload: sql`jsonb_set(payload, '{start}', to_jsonb(${past.toISOString()}::text))` })
      .where('queue', '=', 'scheduling.no_show')
      .where(sql<boolean>`payload->>'appointmentId' = ${second.body.id}`)
      .execute();
    await runDue('scheduling.no_show');
    const row = await server.runtime.database.db
      .selectFrom('appointments')
      .select('status')
      .where('id', '=', second.body.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('no_show');
    const checked = await server.runtime.database.db
      .selectFrom('appointments')
      .select('status')
      .where('id', '=', booked.body.id)
      .executeTakeFirstOrThrow();
    expect(checked.status).toBe('checked_in');
  });
});

describe('staff console', () => {
  it('day and week views per provider and per location, block time, move a visit', async () => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: pick.location.timeZone }).format(
      new Date(pick.slots[20]!.start),
    );
    const [someone] = await demoPatients(server, 1);
    const booked = await frontDesk.post<Appointment>('/api/staff/appointments', {
      ...bookingBody(pick, pick.slots[20]!.start),
      patientId: someone!.patient_id,
    });
    expect(booked.status).toBe(201);
    const byProvider = await frontDesk.get<{ items: Appointment[] }>(
      `/api/staff/schedule?providerId=${pick.provider.id}&from=${day}&days=7`,
    );
    expect(byProvider.body.items.some((a) => a.id === booked.body.id)).toBe(true);
    const byLocation = await frontDesk.get<{ items: Appointment[] }>(
      `/api/staff/schedule?locationId=${pick.location.id}&from=${day}`,
    );
    expect(byLocation.body.items.some((a) => a.id === booked.body.id)).toBe(true);
    // Blocking over a visit is refused; blocking free time works, and then nobody can book it.
    const overVisit = await frontDesk.post('/api/staff/blocks', {
      providerId: pick.provider.id,
      locationId: pick.location.id,
      start: pick.slots[20]!.start,
      end: pick.slots[21]!.end,
      reason: 'Meeting',
    });
    expect(overVisit.status).toBe(409);
    const block = await frontDesk.post<Appointment>('/api/staff/blocks', {
      providerId: pick.provider.id,
      locationId: pick.location.id,
      start: pick.slots[22]!.start,
      end: pick.slots[23]!.end,
      reason: 'Meeting',
    });
    expect(block.status).toBe(201);
    expect(
      (await patients[2]!.post('/api/appointments', bookingBody(pick, pick.slots[23]!.start))).status,
    ).toBe(409);
    const moved = await frontDesk.post<Appointment>(`/api/staff/appointments/${booked.body.id}/move`, {
      start: pick.slots[24]!.start,
    });
    expect(moved.status).toBe(200);
    const audit = await server.runtime.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('object_id', '=', booked.body.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'update']));
  });

  it('staff edit the directory; patients cannot', async () => {
    const changed = await admin.patch<{ acceptingNewPatients: boolean; bio: string }>(
      `/api/staff/providers/${pick.provider.id}`,
      {
        acceptingNewPatients: false,
        bio: 'Cares for families in Brooklyn.',
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.acceptingNewPatients).toBe(false);
    expect((await patients[0]!.patch(`/api/staff/providers/${pick.provider.id}`, { bio: 'x' })).status).toBe(
      403,
    );
    const hours = await admin.request('PUT', `/api/staff/providers/${pick.provider.id}/schedule`, {
      locationId: pick.location.id,
      weekly: { monday: [{ start: '12:00', end: '09:00' }] },
      dailyCap: null,
    });
    expect(hours.status).toBe(400);
  });
});
