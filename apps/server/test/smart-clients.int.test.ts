import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import { addSecondTenant, type SecondTenant } from './second-tenant.js';
import { HttpBrowser, pkcePair, postForm, standaloneLaunch } from './smart-launch.js';
import { createBearerVerifier } from '../src/fhir/smart/verify-bearer.js';
import type { BearerVerifier } from '../src/fhir/smart/grant.js';
import { runClientsCommand } from '../src/cli/clients.js';

/**
 * SMART clients other than patient apps, over real HTTP: backend systems with signed
 * assertions (SMART Backend Services), registration from the command line, and malformed
 * requests to the OAuth endpoints.
 */
let server: TestServer;
let origin: string;
let admin: TestClient;
let verify: BearerVerifier;
let browser: HttpBrowser;
let b: SecondTenant;

const token = (path = 'token') => `${origin}/fhir/R4/auth/${path}`;

beforeAll(async () => {
  server = await startTestServer();
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  verify = createBearerVerifier(server.runtime.database.db);
  admin = new TestClient(server.app);
  await enrolStaff(admin, 'admin@riverside.example');
  const p = await server.runtime.database.db
    .selectFrom('users')
    .select(['email'])
    .where('role', '=', 'patient')
    .orderBy('email')
    .executeTakeFirstOrThrow();
  browser = new HttpBrowser(origin);
  await browser.signIn(p.email);
  b = await addSecondTenant(server);
});
afterAll(async () => server?.close());

function jwt(
  key: KeyObject,
  alg: 'RS384',
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
) {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg, typ: 'JWT', ...header })}.${enc(payload)}`;
  return `${input}.${sign('sha384', Buffer.from(input), key).toString('base64url')}`;
}

describe('backend services (client credentials with a signed assertion)', () => {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'backend-key-1';
  let backendId: string;
  const assertion = (key = keys.privateKey, extra: Record<string, unknown> = {}) =>
    jwt(
      key,
      'RS384',
      { kid },
      {
        iss: backendId,
        sub: backendId,
        aud: token(),
        exp: Math.floor(Date.now() / 1000) + 240,
        jti: randomUUID(),
        ...extra,
      },
    );
  const ask = (clientAssertion: string, scope = 'system/*.rs') =>
    postForm(token(), {
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion,
    });

  beforeAll(async () => {
    const created = await admin.post<{ clientId: string; authMethod: string }>(
      '/api/staff/smart-clients/backends',
      {
        name: 'Lab Sync',
        jwks: { keys: [{ ...keys.publicKey.export({ format: 'jwk' }), kid, alg: 'RS384', use: 'sig' }] },
        scopes: 'system/*.rs',
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.authMethod).toBe('private_key_jwt');
    backendId = created.body.clientId;
  });

  it('issues a system token with no patient and no user', async () => {
    const res = await ask(assertion());
    expect(res.body).toMatchObject({});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.scope).toBe('system/*.rs');
    const grant = await verify(server.tenantId, res.body.access_token as string);
    expect(grant).toMatchObject({
      clientId: backendId,
      userId: null,
      patientId: null,
      scopes: ['system/*.rs'],
    });
    expect(await verify(b.tenantId, res.body.access_token as string)).toBeNull();
  });

  it('refuses an assertion signed by another key, or replayed, and scopes it was not registered for', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const bad = await ask(assertion(stranger));
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_client');
    const once = assertion();
    expect((await ask(once)).status).toBe(200);
    expect((await ask(once)).status).toBe(401);
    const write = await ask(assertion(), 'system/*.cruds patient/*.rs');
    expect(write.body.scope ?? '').toBe('');
  });

  it('an admin retiring the client ends its tokens', async () => {
    const res = await ask(assertion());
    const value = res.body.access_token as string;
    expect(await verify(server.tenantId, value)).not.toBeNull();
    expect((await admin.delete(`/api/staff/smart-clients/${backendId}`)).status).toBe(204);
    expect(await verify(server.tenantId, value)).toBeNull();
    expect((await ask(assertion())).status).toBe(401);
  });
});

describe('bad input to the OAuth endpoints', () => {
  it('answers malformed token requests with 4xx, never 500', async () => {
    const cases: { body: string; type?: string }[] = [
      { body: '' },
      { body: 'grant_type=' },
      { body: 'grant_type=password&username=a&password=b' },
      {
        body: 'grant_type=authorization_code&code=x&redirect_uri=http%3A%2F%2Fapp.example%2Fcallback&client_id=nope',
      },
      { body: `grant_type=authorization_code&client_id=${'x'.repeat(5000)}` },
      { body: 'grant_type=refresh_token&refresh_token=%00%00&client_id=abc' },
      { body: '{"grant_type":"client_credentials"}', type: 'application/json' },
      { body: '%%%%', type: 'application/x-www-form-urlencoded' },
      {
        body: 'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=not.a.jwt',
      },
    ];
    for (const c of cases) {
      const res = await fetch(token(), {
        method: 'POST',
        headers: { 'content-type': c.type ?? 'application/x-www-form-urlencoded' },
        body: c.body,
      });
      expect(res.status, c.body.slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(res.status, c.body.slice(0, 60)).toBeLessThan(500);
    }
    const others: { url: string; init?: RequestInit }[] = [
      { url: '/fhir/R4/auth/authorize' },
      { url: '/fhir/R4/auth/authorize?client_id=%00&response_type=code' },
      { url: `/fhir/R4/auth/authorize?client_id=${'a'.repeat(3000)}&response_type=code&scope=openid` },
      { url: '/fhir/R4/auth/authorize?response_type=token&client_id=abc&scope=openid' },
      { url: '/fhir/R4/auth/authorize/not-an-interaction' },
      { url: '/fhir/R4/auth/nowhere' },
      { url: '/fhir/R4/auth/introspect', init: { method: 'POST', body: 'token=abc' } },
      { url: '/fhir/R4/auth/revoke', init: { method: 'POST', body: 'token=%00&client_id=abc' } },
      { url: '/fhir/R4/auth/userinfo', init: { headers: { authorization: 'Bearer not-a-token' } } },
      { url: '/fhir/R4/auth/token', init: { method: 'POST', body: `grant_type=${'x'.repeat(200_000)}` } },
    ];
    for (const o of others) {
      const res = await fetch(`${origin}${o.url}`, {
        ...o.init,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(o.init?.headers ?? {}) },
      });
      expect(res.status, o.url.slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(res.status, o.url.slice(0, 80)).toBeLessThan(500);
    }
    const consent = await browser.api('GET', '/connect/not-a-real-interaction-id/request');
    expect(consent.status).toBe(403);
  });
});

describe('clients from the command line', () => {
  it('creates a confidential app and a backend system, lists them, and refuses bad options', async () => {
    const lines: string[] = [];
    const deps = {
      db: server.runtime.database.db,
      keyring: server.runtime.platform.keyring,
      out: (l: string) => void lines.push(l),
    };
    const code = await runClientsCommand(
      [
        'create',
        '--tenant',
        'demo',
        '--name',
        'Clinic Portal',
        '--redirect-uri',
        'https://portal.example/cb',
        '--confidential',
        '--client-id',
        'clinic-portal',
      ],
      deps,
    );
    expect(code).toBe(0);
    const secret = lines
      .find((l) => l.includes('client_secret (shown once)'))!
      .split(': ')
      .pop()!;
    // The printed secret works at the token endpoint (client_secret_basic): a refresh with a
    // made-up token fails as invalid_grant, not as invalid_client.
    const withSecret = await postForm(
      token(),
      { grant_type: 'refresh_token', refresh_token: 'x'.repeat(43) },
      { id: 'clinic-portal', secret },
    );
    expect(withSecret.body.error, JSON.stringify(withSecret.body)).toBe('invalid_grant');
    const wrongSecret = await postForm(
      token(),
      { grant_type: 'refresh_token', refresh_token: 'x'.repeat(43) },
      { id: 'clinic-portal', secret: 'nope' },
    );
    expect(wrongSecret.body.error).toBe('invalid_client');
    // A full launch by the confidential app: the code is exchanged with its secret (and PKCE).
    const { verifier, challenge } = pkcePair();
    const launch = await standaloneLaunch(browser, {
      clientId: 'clinic-portal',
      redirectUri: 'https://portal.example/cb',
      scope: 'openid fhirUser launch/patient patient/*.rs',
      challenge,
    });
    const exchange = {
      grant_type: 'authorization_code',
      code: new URL(launch.callback!).searchParams.get('code')!,
      redirect_uri: 'https://portal.example/cb',
      code_verifier: verifier,
    };
    expect((await postForm(token(), exchange)).status).toBe(400);
    const confidential = await postForm(token(), exchange, { id: 'clinic-portal', secret });
    expect(confidential.status).toBe(200);
    expect(await verify(server.tenantId, confidential.body.access_token as string)).toMatchObject({
      clientId: 'clinic-portal',
      scopes: expect.arrayContaining(['patient/*.rs']),
    });

    const jwksFile = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    const pub = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
    writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...pub, kid: 'k1' }] }));
    expect(
      await runClientsCommand(
        [
          'create',
          '--tenant',
          'demo',
          '--name',
          'Claims Feed',
          '--backend',
          '--jwks',
          jwksFile,
          '--client-id',
          'claims-feed',
        ],
        deps,
      ),
    ).toBe(0);
    lines.length = 0;
    expect(await runClientsCommand(['list', '--tenant', 'demo'], deps)).toBe(0);
    expect(lines.some((l) => l.startsWith('clinic-portal') && l.includes('app'))).toBe(true);
    expect(
      lines.some((l) => l.startsWith('claims-feed') && l.includes('backend') && l.includes('system/*.rs')),
    ).toBe(true);
    lines.length = 0;
    const bad = await runClientsCommand(
      ['create', '--tenant', 'demo', '--name', 'X', '--redirect-uri', 'not a url'],
      deps,
    );
    expect(bad).toBe(1);
    expect(lines.join('\n')).toContain('redirectUris');
    expect(
      await runClientsCommand(
        [
          'create',
          '--tenant',
          'demo',
          '--name',
          'Y',
          '--backend',
          '--jwks',
          jwksFile,
          '--scopes',
          'patient/*.rs',
        ],
        deps,
      ),
    ).toBe(1);
    expect(await runClientsCommand(['list', '--tenant', 'nowhere'], deps)).toBe(1);
  });
});
