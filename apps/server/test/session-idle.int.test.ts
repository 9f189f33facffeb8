import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';

let server: TestServer;
let patientEmail = '';

beforeAll(async () => {
  server = await startTestServer({ STAFF_IDLE_MINUTES: '15', PATIENT_IDLE_MINUTES: '45' });
  const row = await server.runtime.database.db
    .selectFrom('users')
    .select('email')
    .where('role', '=', 'patient')
    .orderBy('email')
    .executeTakeFirstOrThrow();
  patientEmail = row.email;
});
afterAll(async () => server?.close());

/** Pretends the session's last request was `minutes` ago. */
async function idle(userEmail: string, minutes: number) {
  await server.runtime.database.db
    .updateTable('sessions')
    .set({ last_seen_at: sql`now() - make_interval(mins => ${minutes})` })
    .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('email', '=', userEmail))
    .execute();
}

describe('sessions end after inactivity', () => {
  it('keeps a patient signed in within the idle limit and refreshes the clock', async () => {
    const patient = new TestClient(server.app);
    expect((await patient.signIn(patientEmail)).status).toBe(200);
    await idle(patientEmail, 40);
    expect((await patient.get('/api/me/profile')).status).toBe(200);
    // The request counted as activity: forty more minutes are fine again.
    await idle(patientEmail, 0);
    expect((await patient.get('/api/me/profile')).status).toBe(200);
  });

  it("ends a patient's session after the patient idle limit", async () => {
    const patient = new TestClient(server.app);
    await patient.signIn(patientEmail);
    await idle(patientEmail, 46);
    const res = await patient.get<{ code: string }>('/api/me/profile');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it('ends a staff session after the shorter staff limit, which a patient would survive', async () => {
    const admin = new TestClient(server.app);
    await enrolStaff(admin, 'admin@riverside.example');
    expect((await admin.get('/api/staff/users')).status).toBe(200);
    await idle('admin@riverside.example', 16);
    expect((await admin.get('/api/staff/users')).status).toBe(401);
    const sessions = await server.runtime.database.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.idle_minutes', 'users.role'])
      .execute();
    expect(new Set(sessions.filter((s) => s.role === 'admin').map((s) => s.idle_minutes))).toEqual(
      new Set([15]),
    );
    expect(new Set(sessions.filter((s) => s.role === 'patient').map((s) => s.idle_minutes))).toEqual(
      new Set([45]),
    );
  });
});
