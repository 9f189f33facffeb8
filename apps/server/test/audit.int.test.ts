import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logRedactions } from '../src/platform/runtime.js';
import { staffRoutes } from '../src/modules/staff/staff.routes.js';
import { systemRoutes } from '../src/modules/system/system.routes.js';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';

/** Everything the server logs, at info level, with the production logger's settings. */
const logLines: string[] = [];
const log = pino(
  { level: 'info', redact: logRedactions, base: { service: 'accompany' } },
  { write: (line: string) => void logLines.push(line) },
);

let server: TestServer;
let frontDesk: TestClient;
let admin: TestClient;
let patient: TestClient;
let frontDeskId: string;
const PATIENT_PASSWORD = 'accompany-demo';
// A patient with names long enough that finding them in a log cannot be a coincidence.
let p: {
  id: string;
  email: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  mrn: string;
};

beforeAll(async () => {
  server = await startTestServer({}, { log });
  const db = server.runtime.database.db;
  p = (await db
    .selectFrom('patients')
    .select(['id', 'email', 'given_name', 'family_name', 'birth_date', 'mrn'])
    .where(sql<boolean>`length(given_name) >= 5 and length(family_name) >= 6`)
    .orderBy('mrn')
    .executeTakeFirstOrThrow()) as typeof p;
  frontDeskId = (
    await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'frontdesk@riverside.example')
      .executeTakeFirstOrThrow()
  ).id;
  frontDesk = new TestClient(server.app);
  await enrolStaff(frontDesk, 'frontdesk@riverside.example');
  admin = new TestClient(server.app);
  await enrolStaff(admin, 'admin@riverside.example');
  patient = new TestClient(server.app);
  expect((await patient.signIn(p.email, PATIENT_PASSWORD)).body).toMatchObject({ status: 'signed_in' });
});
afterAll(async () => server?.close());

const auditRows = (requestId: string) =>
  server.runtime.database.db
    .selectFrom('audit_events')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('object_id')
    .execute();

describe('staff reading a patient', () => {
  it('writes an audit record with who, which patient, what, the outcome and where from', async () => {
    const requestId = `audit-read-${randomUUID()}`;
    const res = await frontDesk.request('GET', `/api/staff/patients/${p.id}`, undefined, {
      'user-agent': 'AuditTest/1.0 (front desk)',
      'x-request-id': requestId,
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe(requestId);
    const rows = await auditRows(requestId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenant_id: server.tenantId,
      actor_id: frontDeskId,
      actor_role: 'front_desk',
      patient_id: p.id,
      action: 'read',
      object_type: 'Patient',
      object_id: p.id,
      outcome: 'success',
      ip: '127.0.0.1',
      user_agent: 'AuditTest/1.0 (front desk)',
      request_id: requestId,
    });
    expect(Math.abs(rows[0]!.at.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('writes one search record per patient returned, and none for patients not shown', async () => {
    const requestId = `audit-search-${randomUUID()}`;
    const res = await frontDesk.request<{ items: { id: string }[] }>(
      'GET',
      `/api/staff/patients?q=${encodeURIComponent(p.family_name)}`,
      undefined,
      {
        'user-agent': 'AuditTest/1.0 (search)',
        'x-request-id': requestId,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.id)).toContain(p.id);
    const rows = await auditRows(requestId);
    expect(rows.map((r) => r.patient_id).sort()).toEqual(res.body.items.map((i) => i.id).sort());
    for (const r of rows) {
      expect(r).toMatchObject({
        actor_id: frontDeskId,
        actor_role: 'front_desk',
        action: 'search',
        object_type: 'Patient',
        object_id: r.patient_id,
        outcome: 'success',
        ip: '127.0.0.1',
        user_agent: 'AuditTest/1.0 (search)',
      });
    }
  });

  it('writes nothing for a read that finds no patient', async () => {
    const requestId = `audit-miss-${randomUUID()}`;
    const res = await frontDesk.request('GET', `/api/staff/patients/${randomUUID()}`, undefined, {
      'x-request-id': requestId,
    });
    expect(res.status).toBe(404);
    expect(await auditRows(requestId)).toEqual([]);
  });
});

describe('who sees the trail', () => {
  it("the patient sees the staff member's name, role and what they did; their own reads say 'you'", async () => {
    expect((await patient.get('/api/me/profile')).status).toBe(200);
    const res = await patient.get<{ items: { who: string; role: string; action: string; what: string }[] }>(
      '/api/me/access-log',
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toContainEqual(
      expect.objectContaining({ who: 'Luis Ortega', role: 'front_desk', action: 'read', what: 'Patient' }),
    );
    expect(res.body.items).toContainEqual(
      expect.objectContaining({ who: 'Luis Ortega', role: 'front_desk', action: 'search' }),
    );
    expect(res.body.items).toContainEqual(
      expect.objectContaining({ who: 'you', role: 'patient', action: 'read' }),
    );
    // Names and roles only: no addresses or devices of other people.
    expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|AuditTest|frontdesk@/);
  });

  it("an admin sees it in the patient's access log and in the audit trail, filtered by patient or by actor", async () => {
    type Entry = {
      actorId: string;
      actorName: string;
      actorRole: string;
      patientId: string;
      action: string;
      objectId: string;
      outcome: string;
      ip: string;
      userAgent: string;
    };
    const expected = {
      actorId: frontDeskId,
      actorName: 'Luis Ortega',
      actorRole: 'front_desk',
      patientId: p.id,
      action: 'read',
      objectId: p.id,
      outcome: 'success',
      ip: '127.0.0.1',
      userAgent: 'AuditTest/1.0 (front desk)',
    };
    const byPatient = await admin.get<{ items: Entry[] }>(`/api/staff/patients/${p.id}/access-log`);
    expect(byPatient.status).toBe(200);
    expect(byPatient.body.items).toContainEqual(expect.objectContaining(expected));
    expect(byPatient.body.items.every((e) => e.patientId === p.id)).toBe(true);
    const trail = await admin.get<{ items: Entry[] }>(`/api/staff/audit?patientId=${p.id}`);
    expect(trail.body.items).toContainEqual(expect.objectContaining(expected));
    const byActor = await admin.get<{ items: Entry[] }>(`/api/staff/audit?actorId=${frontDeskId}&limit=100`);
    expect(byActor.body.items).toContainEqual(expect.objectContaining(expected));
    expect(byActor.body.items.every((e) => e.actorId === frontDeskId)).toBe(true);
  });

  it('pages through the trail without repeating or skipping an entry', async () => {
    // One search writes 100 records in one statement: many share a millisecond.
    expect((await admin.get<{ items: unknown[] }>('/api/staff/patients?limit=100')).body.items).toHaveLength(
      100,
    );
    const db = server.runtime.database.db;
    const all = await db
      .selectFrom('audit_events')
      .select('id')
      .where('tenant_id', '=', server.tenantId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
        await admin.get(`/api/staff/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(all.length).toBeGreaterThan(100);
    expect(seen).toEqual(all.map((r) => r.id)); // reading the trail writes nothing to it
  });

  it('a front-desk user gets 403 on the audit routes', async () => {
    for (const url of ['/api/staff/audit', `/api/staff/patients/${p.id}/access-log`]) {
      const res = await frontDesk.get<{ code: string }>(url);
      expect(res.status, url).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
  });

  it('a patient reaches no staff route at all', async () => {
    const validBodies: Record<string, unknown> = {
      'PATCH /api/staff/users/:id': { disabled: true },
      'POST /api/staff/invitations': {
        email: 'someone@example.org',
        role: 'admin',
        givenName: 'Some',
        familyName: 'One',
      },
    };
    const routes = [...staffRoutes, ...systemRoutes(server.runtime.mailer)].filter((r) =>
      r.url.startsWith('/api/staff/'),
    );
    expect(routes.length).toBeGreaterThanOrEqual(12);
    for (const r of routes) {
      const url = r.url.replace(/:id/g, p.id);
      const res = await patient.request<{ code: string }>(
        r.method,
        url,
        validBodies[`${r.method} ${r.url}`] ?? (r.method === 'GET' ? undefined : {}),
      );
      expect(res.status, `${r.method} ${r.url}`).toBe(403);
      expect(res.body.code, `${r.method} ${r.url}`).toBe('forbidden');
    }
    const invited = await server.runtime.database.db
      .selectFrom('invitations')
      .select('id')
      .where('email', '=', 'someone@example.org')
      .execute();
    expect(invited).toEqual([]);
  });
});

describe('logs', () => {
  it('carry no PHI or secrets across a sign-in, a profile read and a patient search', async () => {
    logLines.length = 0;
    const someone = new TestClient(server.app);
    await someone.refreshSession();
    const wrong = await someone.post('/api/auth/sign-in', {
      email: p.email,
      password: 'not-the-password-Q7',
    });
    expect(wrong.status).toBe(401);
    expect((await someone.signIn(p.email, PATIENT_PASSWORD)).body).toMatchObject({ status: 'signed_in' });
    const profile = await someone.get<{ givenName: string; birthDate: string }>('/api/me/profile');
    expect(profile.body).toMatchObject({ givenName: p.given_name, birthDate: p.birth_date });
    const search = await frontDesk.get<{ items: unknown[] }>(
      `/api/staff/patients?q=${encodeURIComponent(`${p.given_name} ${p.family_name}`)}`,
    );
    expect(search.body.items.length).toBeGreaterThan(0);
    const bad = await someone.request('PATCH', '/api/me/profile', { givenName: 12345, phone: p.email });
    expect(bad.status).toBe(400);
    await server.runtime.worker.drain();

    const text = logLines.join('');
    // The log did capture those requests: the check below is not vacuous.
    expect(text).toContain('"route":"/api/staff/patients"');
    expect(text).toContain('"route":"/api/auth/sign-in"');
    expect(text).toContain('"route":"/api/me/profile"');
    expect(text).toContain('"status":401');
    const secrets = {
      givenName: p.given_name,
      familyName: p.family_name,
      email: p.email,
      emailLocalPart: p.email.split('@')[0]!,
      birthDate: p.birth_date,
      mrn: p.mrn,
      password: PATIENT_PASSWORD,
      wrongPassword: 'not-the-password-Q7',
      sessionToken: someone.cookie('accompany_session')!,
      staffSessionToken: frontDesk.cookie('accompany_session')!,
      csrfToken: someone.csrf!,
    };
    for (const [what, value] of Object.entries(secrets)) {
      expect(value, what).toBeTruthy();
      expect(text.toLowerCase().includes(value.toLowerCase()), `${what} appears in the log`).toBe(false);
    }
  });
});
