import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caughtMail,
  enrolStaff,
  linkToken,
  startTestServer,
  TestClient,
  type TestServer,
} from './harness.js';

let server: TestServer;
let admin: TestClient;
let adminId: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = new TestClient(server.app);
  await enrolStaff(admin, 'admin@riverside.example');
  adminId = await userId('admin@riverside.example');
});
afterAll(async () => server?.close());

async function userId(email: string) {
  const u = await server.runtime.database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return u.id;
}

/** Invites someone and returns the token from the invitation mail. */
async function invite(email: string, role: string, locale: 'en' | 'es' = 'en') {
  const res = await admin.post<{ id: string; status: string; role: string }>('/api/staff/invitations', {
    email,
    role,
    givenName: 'Nadia',
    familyName: 'Novak',
    locale,
  });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'pending', role });
  const mail = await caughtMail(server, email.toLowerCase());
  expect(mail).toHaveLength(1);
  return { id: res.body.id, mail: mail[0]!, token: linkToken(mail[0]!.text_body, '/invitation') };
}

describe('invitations', () => {
  const email = 'nadia.novak@riverside.example';
  const password = 'a clinician password';
  let token: string;

  it('mails a link that previews the invitation', async () => {
    const sent = await invite('Nadia.Novak@Riverside.example', 'clinician');
    token = sent.token;
    expect(sent.mail).toMatchObject({ to_address: email, template: 'invitation' });
    expect(sent.mail.subject).toBe('You are invited to the Riverside Community Health staff console');
    expect(sent.mail.text_body).toContain('as clinician');
    expect(sent.mail.text_body).toContain(`${server.config.publicUrl}/invitation?token=`);
    const anyone = new TestClient(server.app);
    const preview = await anyone.get(`/api/auth/invitations/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      email,
      role: 'clinician',
      givenName: 'Nadia',
      tenantName: 'Riverside Community Health',
    });
  });

  it('writes the mail in the language chosen for the invitee', async () => {
    const sent = await invite('rosa.ibarra@riverside.example', 'front_desk', 'es');
    expect(sent.mail.subject).toBe('Invitación a la consola de personal de Riverside Community Health');
    expect(sent.mail.text_body).toContain('como recepción');
  });

  it('is accepted with a password, once; the new user must enrol two-factor before using the console', async () => {
    const anyone = new TestClient(server.app);
    const accepted = await anyone.post('/api/auth/invitations/accept', { token, password });
    expect(accepted.status).toBe(200);
    for (const again of [
      await anyone.get<{ code: string }>(`/api/auth/invitations/${token}`),
      await anyone.post<{ code: string }>('/api/auth/invitations/accept', {
        token,
        password: 'another password!',
      }),
    ]) {
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('invalid_token');
    }
    const list = await admin.get<{ items: { email: string; status: string }[] }>('/api/staff/invitations');
    expect(list.body.items.find((i) => i.email === email)?.status).toBe('accepted');

    const clinician = new TestClient(server.app);
    const signedIn = await clinician.signIn(email, password);
    expect(signedIn.body).toMatchObject({
      status: 'signed_in',
      user: { role: 'clinician', mustEnrolTotp: true, emailVerified: true },
    });
    const blocked = await clinician.get<{ code: string }>('/api/staff/patients');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('totp_enrolment_required');
    await enrolStaff(clinician, email, password);
    expect((await clinician.get('/api/staff/patients')).status).toBe(200);
    expect((await clinician.get<{ code: string }>('/api/staff/users')).body.code).toBe('forbidden'); // a clinician is not an admin
  });

  it('refuses an expired invitation with invalid_token and creates no account', async () => {
    const late = await invite('late.comer@riverside.example', 'billing');
    await server.runtime.database.db
      .updateTable('invitations')
      .set({ expires_at: sql`now() - interval '1 minute'` })
      .where('id', '=', late.id)
      .execute();
    const anyone = new TestClient(server.app);
    for (const res of [
      await anyone.get<{ code: string }>(`/api/auth/invitations/${late.token}`),
      await anyone.post<{ code: string }>('/api/auth/invitations/accept', { token: late.token, password }),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_token');
    }
    const users = await server.runtime.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'late.comer@riverside.example')
      .execute();
    expect(users).toEqual([]);
    const list = await admin.get<{ items: { id: string; status: string }[] }>('/api/staff/invitations');
    expect(list.body.items.find((i) => i.id === late.id)?.status).toBe('expired');
  });

  it('refuses an unknown token the same way', async () => {
    const res = await new TestClient(server.app).get<{ code: string }>(
      `/api/auth/invitations/${'x'.repeat(43)}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_token');
  });

  it('refuses to invite an address that already has an account', async () => {
    const res = await admin.post<{ code: string }>('/api/staff/invitations', {
      email: 'billing@riverside.example',
      role: 'admin',
      givenName: 'B',
      familyName: 'B',
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('conflict');
  });
});

describe('managing users', () => {
  it('an admin cannot disable or demote themselves', async () => {
    for (const change of [{ disabled: true }, { role: 'clinician' }]) {
      const res = await admin.patch<{ code: string }>(`/api/staff/users/${adminId}`, change);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('conflict');
    }
    expect((await admin.get('/api/staff/users')).status).toBe(200);
  });

  it('disabling a user ends their sessions at once and stops new sign-ins; re-enabling lets them back', async () => {
    const billing = new TestClient(server.app);
    await billing.signIn('billing@riverside.example');
    const other = new TestClient(server.app);
    await other.signIn('billing@riverside.example');
    expect((await billing.get('/api/me/profile')).status).toBe(200);
    const id = await userId('billing@riverside.example');

    const disabled = await admin.patch<{ status: string }>(`/api/staff/users/${id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.status).toBe('disabled');
    expect((await billing.get('/api/me/profile')).status).toBe(401);
    expect((await other.get('/api/me/profile')).status).toBe(401);
    const sessions = await server.runtime.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', id)
      .execute();
    expect(sessions).toEqual([]);
    const again = await new TestClient(server.app).signIn('billing@riverside.example');
    expect(again.status).toBe(401);

    expect(
      (await admin.patch<{ status: string }>(`/api/staff/users/${id}`, { disabled: false })).body.status,
    ).toBe('active');
    expect((await new TestClient(server.app).signIn('billing@riverside.example')).body).toMatchObject({
      status: 'signed_in',
    });
  });

  it('can demote an admin who is already disabled', async () => {
    const { token } = await invite('former.admin@riverside.example', 'admin');
    expect(
      (
        await new TestClient(server.app).post('/api/auth/invitations/accept', {
          token,
          password: 'former admin password',
        })
      ).status,
    ).toBe(200);
    const id = await userId('former.admin@riverside.example');
    expect((await admin.patch(`/api/staff/users/${id}`, { disabled: true })).status).toBe(200);
    // A disabled admin is not an active admin: demoting them leaves the active admins as they were.
    const demoted = await admin.patch<{ role: string }>(`/api/staff/users/${id}`, { role: 'clinician' });
    expect(demoted.status).toBe(200);
    expect(demoted.body.role).toBe('clinician');
  });

  it('never loses the last active admin, even when two admins disable each other at the same moment', async () => {
    const secondPassword = 'second admin password';
    const { token } = await invite('second.admin@riverside.example', 'admin');
    expect(
      (
        await new TestClient(server.app).post('/api/auth/invitations/accept', {
          token,
          password: secondPassword,
        })
      ).status,
    ).toBe(200);
    const second = new TestClient(server.app);
    await enrolStaff(second, 'second.admin@riverside.example', secondPassword);
    const secondId = await userId('second.admin@riverside.example');

    const both = () =>
      Promise.all([
        admin.patch<{ code?: string }>(`/api/staff/users/${secondId}`, { disabled: true }),
        second.patch<{ code?: string }>(`/api/staff/users/${adminId}`, { disabled: true }),
      ]);
    let a, b;
    if (server.databaseUrl) {
      // Make the race certain: hold the session rows both changes delete last, so both
      // transactions are past their admin count before either can commit.
      const blocker = new pg.Client({ connectionString: server.databaseUrl });
      await blocker.connect();
      try {
        await blocker.query('begin');
        await blocker.query('select id from sessions where user_id = any($1::uuid[]) for update', [
          [adminId, secondId],
        ]);
        const racing = both();
        const waiting = async () =>
          (
            await blocker.query<{ n: number }>(
              "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
            )
          ).rows[0]!.n;
        for (let i = 0; (await waiting()) < 2; i++) {
          if (i > 200) throw new Error('the two changes never met');
          await sleep(25);
        }
        await blocker.query('rollback');
        [a, b] = await racing;
      } finally {
        await blocker.end();
      }
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect([a, b].find((r) => r.status === 409)!.body.code).toBe('conflict');
    } else {
      // PGlite runs one transaction at a time: the second request finds its author signed out.
      [a, b] = await both();
      expect([a.status, b.status].sort()).toEqual([200, 403]);
    }
    const active = await server.runtime.database.db
      .selectFrom('users')
      .select('email')
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .where('tenant_id', '=', server.tenantId)
      .execute();
    expect(active).toHaveLength(1);
    // The remaining admin is the one whose change went through, and can still work.
    const survivor = a.status === 200 ? admin : second;
    expect((await survivor.get('/api/staff/users')).status).toBe(200);
  });
});
