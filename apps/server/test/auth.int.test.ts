import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caughtMail,
  enrolStaff,
  freshTotp,
  linkToken,
  startTestServer,
  TestClient,
  type TestServer,
} from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ LOCKOUT_THRESHOLD: '3' });
});
afterAll(async () => server?.close());

const newPatient = (email: string) => ({
  email,
  password: 'a long enough password',
  givenName: 'Ana',
  familyName: 'Reyes',
  birthDate: '1988-04-12',
  locale: 'es',
});

describe('patient registration and email verification', () => {
  it('registers, refuses sign-in until verified, verifies by link, then signs in', async () => {
    const c = new TestClient(server.app);
    const reg = await c.post('/api/auth/register', newPatient('Ana.Reyes@Example.org'));
    expect(reg.status).toBe(201);
    const early = await c.post<{ code: string }>('/api/auth/sign-in', {
      email: 'ana.reyes@example.org',
      password: 'a long enough password',
    });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('email_not_verified');

    const mail = await caughtMail(server, 'ana.reyes@example.org');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toMatch(/Confirme su correo/); // Spanish, as chosen at sign-up
    const token = linkToken(mail[0]!.text_body, '/verify-email');
    expect((await c.post('/api/auth/verify-email', { token })).status).toBe(200);
    expect((await c.post<{ code: string }>('/api/auth/verify-email', { token })).body.code).toBe(
      'invalid_token',
    );

    const signedIn = await c.signIn('ana.reyes@example.org', 'a long enough password');
    expect(signedIn.body).toMatchObject({ status: 'signed_in' });
    const session = await c.get<{ user: { role: string; patientId: string } }>('/api/session');
    expect(session.body.user.role).toBe('patient');
    expect(session.body.user.patientId).toBeTruthy();
  });

  it('answers a second registration of the same email the same way and creates nothing', async () => {
    const c = new TestClient(server.app);
    const db = server.runtime.database.db;
    const before = await db.selectFrom('patients').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const reg = await c.post('/api/auth/register', newPatient('ana.reyes@example.org'));
    expect(reg.status).toBe(201);
    const after = await db.selectFrom('patients').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('sessions and CSRF', () => {
  it('sets an HttpOnly SameSite session cookie and rejects changes without the CSRF token', async () => {
    const c = new TestClient(server.app);
    await c.refreshSession();
    const res = await c.post('/api/auth/sign-in', {
      email: 'frontdesk@riverside.example',
      password: 'accompany-demo',
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/accompany_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    await c.refreshSession();
    const good = c.csrf;
    c.csrf = 'forged-token-value-forged-token-value-xx';
    const forged = await c.request<{ code: string }>('PATCH', '/api/me/profile', { givenName: 'Mallory' });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('csrf_failed');
    c.csrf = good;
    const crossSite = await c.request<{ code: string }>(
      'PATCH',
      '/api/me/profile',
      { givenName: 'Mallory' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.body.code).toBe('csrf_failed');
    const profile = await c.get<{ givenName: string }>('/api/me/profile');
    expect(profile.body.givenName).toBe('Luis');
  });

  it('signs out and the old cookie no longer works', async () => {
    const c = new TestClient(server.app);
    await c.signIn('billing@riverside.example');
    const stolen = c.cookie('accompany_session')!;
    expect((await c.post('/api/auth/sign-out')).status).toBe(204);
    const replay = await server.app.inject({
      method: 'GET',
      url: '/api/me/profile',
      headers: { cookie: `accompany_session=${stolen}` },
    });
    expect(replay.statusCode).toBe(401);
  });
});

describe('lockout', () => {
  it('locks the account after the configured failures, even for the right password, and says when to retry', async () => {
    const c = new TestClient(server.app);
    await c.refreshSession();
    for (let i = 0; i < 2; i++) {
      const r = await c.post<{ code: string }>('/api/auth/sign-in', {
        email: 'clinician@riverside.example',
        password: 'wrong password!',
      });
      expect(r.body.code).toBe('invalid_credentials');
    }
    const third = await c.post<{ code: string }>('/api/auth/sign-in', {
      email: 'clinician@riverside.example',
      password: 'wrong password!',
    });
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('account_locked');
    const right = await c.post<{ code: string }>('/api/auth/sign-in', {
      email: 'clinician@riverside.example',
      password: 'accompany-demo',
    });
    expect(right.body.code).toBe('account_locked');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('gives the same answer for an unknown email as for a wrong password', async () => {
    const c = new TestClient(server.app);
    await c.refreshSession();
    const r = await c.post<{ code: string; detail: string }>('/api/auth/sign-in', {
      email: 'nobody@example.com',
      password: 'whatever password',
    });
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('invalid_credentials');
  });
});

describe('two-factor', () => {
  it('requires staff to enrol before using the console, then asks for the code at sign-in', async () => {
    const c = new TestClient(server.app);
    await c.signIn('admin@riverside.example');
    const blocked = await c.get<{ code: string }>('/api/staff/users');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('totp_enrolment_required');
    const { secret, recoveryCodes } = await enrolStaff(c, 'admin@riverside.example');
    expect(recoveryCodes).toHaveLength(10);
    expect((await c.get('/api/staff/users')).status).toBe(200);
    await c.post('/api/auth/sign-out');

    const d = new TestClient(server.app);
    const first = await d.signIn('admin@riverside.example');
    expect(first.body).toMatchObject({ status: 'totp_required' });
    expect((await d.get('/api/me/profile')).status).toBe(401); // half signed in is not signed in
    const wrong = await d.post<{ code: string }>('/api/auth/sign-in/totp', { code: '000000' });
    expect(wrong.body.code).toBe('invalid_code');
    const ok = await d.post<{ status: string }>('/api/auth/sign-in/totp', { code: await freshTotp(secret) });
    expect(ok.body.status).toBe('signed_in');
    expect((await d.get('/api/staff/users')).status).toBe(200);

    // A recovery code works once.
    const e = new TestClient(server.app);
    await e.signIn('admin@riverside.example');
    expect(
      (await e.post<{ status: string }>('/api/auth/sign-in/totp', { code: recoveryCodes[0] })).body.status,
    ).toBe('signed_in');
    const f = new TestClient(server.app);
    await f.signIn('admin@riverside.example');
    expect(
      (await f.post<{ code: string }>('/api/auth/sign-in/totp', { code: recoveryCodes[0] })).body.code,
    ).toBe('invalid_code');
  });

  it('does not let staff turn two-factor off', async () => {
    const c = new TestClient(server.app);
    const { secret } = await enrolStaff(c, 'frontdesk@riverside.example');
    const r = await c.post<{ code: string }>('/api/me/totp/disable', { code: await freshTotp(secret) });
    expect(r.status).toBe(403);
  });
});

describe('password reset', () => {
  it('emails a link that sets a new password once and ends existing sessions', async () => {
    const email = 'selmer.jacobi@example.com';
    const old = new TestClient(server.app);
    await old.signIn(email);
    const c = new TestClient(server.app);
    expect((await c.post('/api/auth/password-reset/request', { email })).status).toBe(202);
    expect((await c.post('/api/auth/password-reset/request', { email: 'nobody@example.com' })).status).toBe(
      202,
    );
    const [mail] = await caughtMail(server, email);
    const token = linkToken(mail!.text_body, '/reset-password');
    expect(
      (await c.post('/api/auth/password-reset/confirm', { token, password: 'brand new password' })).status,
    ).toBe(200);
    expect(
      (await c.post('/api/auth/password-reset/confirm', { token, password: 'another new password' })).status,
    ).toBe(400);
    expect((await old.get('/api/me/profile')).status).toBe(401);
    expect((await c.signIn(email, 'brand new password')).body).toMatchObject({ status: 'signed_in' });
  });
});
