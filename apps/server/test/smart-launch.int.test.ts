import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import { addSecondTenant, type SecondTenant } from './second-tenant.js';
import { HttpBrowser, pkcePair, postForm, standaloneLaunch } from './smart-launch.js';
import { startSmartApp } from './smart-app-server.js';
import { createBearerVerifier, smartActor, verifyBearerInTx } from '../src/fhir/smart/verify-bearer.js';
import type { BearerVerifier } from '../src/fhir/smart/grant.js';
import { inTenant } from '../src/platform/db/database.js';
import { audit } from '../src/platform/audit/audit.js';
import { buildApp } from '../src/app.js';

/**
 * SMART App Launch against the real server over HTTP: the official client (fhirclient)
 * doing a standalone launch, then each rule of the authorization server by plain HTTP.
 */
let server: TestServer;
let origin: string;
let admin: TestClient;
let verify: BearerVerifier;
let patient: { email: string; patientId: string; userId: string };
let browser: HttpBrowser;
let b: SecondTenant;
const REDIRECT = 'http://app.example/callback';
const FULL = 'openid fhirUser launch/patient offline_access patient/Observation.rs patient/Condition.read';
let clientId: string;

const token = (path = 'token') => `${origin}/fhir/R4/auth/${path}`;

async function registerApp(name: string, redirectUris: string[], extra: Record<string, unknown> = {}) {
  const created = await admin.post<{ clientId: string; clientSecret: string | null }>(
    '/api/staff/smart-clients/apps',
    {
      name,
      redirectUris,
      ...extra,
    },
  );
  expect(created.status).toBe(201);
  return created.body;
}

/** A launch the patient allows, and the code exchanged: the token response. */
async function connect(scope = FULL, keep?: (offered: string[]) => string[]) {
  const { verifier, challenge } = pkcePair();
  const launch = await standaloneLaunch(browser, {
    clientId,
    redirectUri: REDIRECT,
    scope,
    challenge,
    ...(keep ? { keep } : {}),
  });
  const callback = new URL(launch.callback!);
  expect(callback.searchParams.get('state')).toBe(launch.state);
  const res = await postForm(token(), {
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code')!,
    redirect_uri: REDIRECT,
    client_id: clientId,
    code_verifier: verifier,
  });
  expect(res.status).toBe(200);
  return res.body as {
    access_token: string;
    refresh_token?: string;
    scope: string;
    patient: string;
    id_token?: string;
  };
}

const introspect = async (value: string, id = clientId) =>
  (await postForm(token('introspect'), { token: value, client_id: id })).body;

beforeAll(async () => {
  server = await startTestServer({}, { records: true });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  verify = createBearerVerifier(server.runtime.database.db);
  admin = new TestClient(server.app);
  await enrolStaff(admin, 'admin@riverside.example');
  clientId = (await registerApp('Health Diary', [REDIRECT])).clientId;
  const p = await server.runtime.database.db
    .selectFrom('users')
    .select(['email', 'patient_id', 'id'])
    .where('role', '=', 'patient')
    .orderBy('email')
    .executeTakeFirstOrThrow();
  patient = { email: p.email, patientId: p.patient_id!, userId: p.id };
  browser = new HttpBrowser(origin);
  await browser.signIn(patient.email);
  b = await addSecondTenant(server);
});
afterAll(async () => server?.close());

describe('discovery', () => {
  it('publishes the SMART configuration with PKCE S256 and the capabilities', async () => {
    const res = await fetch(`${origin}/fhir/R4/.well-known/smart-configuration`);
    expect(res.status).toBe(200);
    const config = (await res.json()) as Record<string, string[] | string>;
    expect(config.authorization_endpoint).toBe(`${origin}/fhir/R4/auth/authorize`);
    expect(config.token_endpoint).toBe(token());
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    for (const c of [
      'launch-standalone',
      'client-public',
      'context-standalone-patient',
      'permission-v2',
      'permission-offline',
    ])
      expect(config.capabilities).toContain(c);
    // The OpenID Connect discovery of the same server agrees.
    const oidc = (await (
      await fetch(`${origin}/fhir/R4/auth/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(oidc.token_endpoint).toBe(config.token_endpoint);
    expect(oidc.issuer).toBe(config.issuer);
  });
});

describe('the official SMART client (fhirclient) doing a standalone launch', () => {
  it('ends with a token for the signed-in patient, the patient in context and fhirUser', async () => {
    const options = {
      iss: `${origin}/fhir/R4`,
      clientId: '',
      scope: 'openid fhirUser launch/patient patient/*.read',
    };
    const app = await startSmartApp(options);
    try {
      options.clientId = (await registerApp('Fhirclient App', [app.redirectUri])).clientId;
      const launch = await fetch(`${app.origin}/launch`, { redirect: 'manual' });
      expect(launch.status).toBe(302);
      const authorize = new URL(launch.headers.get('location')!);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      const toConsent = await browser.follow(authorize.href);
      const uid = new URL(toConsent.location!).pathname.split('/').pop()!;
      const consent = await browser.api<{ appName: string }>('GET', `/connect/${uid}/request`);
      expect(consent.body.appName).toBe('Fhirclient App');
      const decision = await browser.api<{ redirectTo: string }>('POST', `/connect/${uid}/decision`, {
        allow: true,
        scopes: ['patient/*.read'],
      });
      const back = await browser.follow(decision.body.redirectTo);
      expect(back.location!.startsWith(app.redirectUri)).toBe(true);
      const ready = await fetch(back.location!);
      const known = (await ready.json()) as {
        record: { resourceType: string; id: string };
        patient: string;
        fhirUser: string;
        userType: string;
        tokenResponse: { access_token: string; scope: string };
      };
      expect(ready.status).toBe(200);
      expect(known.patient).toBe(patient.patientId);
      expect(known.record).toEqual({ resourceType: 'Patient', id: patient.patientId });
      expect(known.fhirUser).toBe(`Patient/${patient.patientId}`);
      expect(known.userType).toBe('Patient');
      expect(known.tokenResponse.scope.split(' ').sort()).toEqual(
        ['fhirUser', 'launch/patient', 'openid', 'patient/*.read'].sort(),
      );
      // The FHIR door receives this token: it stands for this patient, this app, these scopes.
      const grant = await verify(server.tenantId, known.tokenResponse.access_token);
      expect(grant).toMatchObject({
        tenantId: server.tenantId,
        clientId: options.clientId,
        userId: patient.userId,
        patientId: patient.patientId,
      });
      expect(grant!.scopes).toContain('patient/*.read');
    } finally {
      await app.close();
    }
  });
});

describe('authorization code with PKCE', () => {
  it('refuses a launch without a code challenge', async () => {
    const launch = await standaloneLaunch(browser, {
      clientId,
      redirectUri: REDIRECT,
      scope: FULL,
      challenge: null,
    });
    const callback = new URL(launch.callback!);
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('refuses the code with a missing or wrong verifier, and with another redirect URI', async () => {
    const { verifier, challenge } = pkcePair();
    const launch = await standaloneLaunch(browser, {
      clientId,
      redirectUri: REDIRECT,
      scope: FULL,
      challenge,
    });
    const code = new URL(launch.callback!).searchParams.get('code')!;
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: clientId };
    const missing = await postForm(token(), form);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_grant');
    const wrong = await postForm(token(), { ...form, code_verifier: pkcePair().verifier });
    expect(wrong.body.error).toBe('invalid_grant');
    const otherRedirect = await postForm(token(), {
      ...form,
      code_verifier: verifier,
      redirect_uri: 'http://app.example/other',
    });
    expect(otherRedirect.status).toBe(400);
  });

  it('never sends the browser to an unregistered redirect URI', async () => {
    const res = await browser.fetch(
      `/fhir/R4/auth/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: 'https://evil.example/steal',
        scope: FULL,
        state: 'x',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
      })}`,
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(((await res.json()) as { error: string }).error).toBe('invalid_redirect_uri');
  });

  it('only the browser that started the launch can answer it', async () => {
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: FULL,
      state: 's',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    });
    const start = await browser.follow(`/fhir/R4/auth/authorize?${params}`);
    const uid = new URL(start.location!).pathname.split('/').pop()!;
    // The same patient signed in elsewhere (e.g. a phished link opened on another device).
    const elsewhere = new HttpBrowser(origin);
    await elsewhere.signIn(patient.email);
    expect((await elsewhere.api('GET', `/connect/${uid}/request`)).status).toBe(403);
    const stolen = await elsewhere.api('POST', `/connect/${uid}/decision`, { allow: true, scopes: [] });
    expect(stolen.status).toBe(403);
    expect((await browser.api('GET', `/connect/${uid}/request`)).status).toBe(200);
    // Two answers at once (a double tap): one is taken, the other refused; one grant exists.
    const both = await Promise.all(
      [true, false].map((allow) =>
        browser.api('POST', `/connect/${uid}/decision`, { allow, scopes: ['patient/Observation.rs'] }),
      ),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('answers access_denied when the patient does not allow', async () => {
    const launch = await standaloneLaunch(browser, {
      clientId,
      redirectUri: REDIRECT,
      scope: FULL,
      allow: false,
    });
    const callback = new URL(launch.callback!);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
    const denied = await server.runtime.database.db
      .selectFrom('audit_events')
      .select(['outcome', 'actor_client_id', 'actor_id'])
      .where('object_type', '=', 'SmartGrant')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied).toContainEqual({ outcome: 'denied', actor_client_id: clientId, actor_id: patient.userId });
  });

  it('grants only what the patient kept', async () => {
    const issued = await connect(FULL, () => ['patient/Observation.rs']);
    expect(issued.scope.split(' ')).toContain('patient/Observation.rs');
    expect(issued.scope).not.toContain('Condition');
    expect(issued.scope).not.toContain('offline_access');
    expect(issued.refresh_token).toBeUndefined();
    const grant = await verify(server.tenantId, issued.access_token);
    expect(grant!.scopes).toContain('patient/Observation.rs');
    expect(grant!.scopes.some((s) => s.includes('Condition'))).toBe(false);
  });

  it('a code works once', async () => {
    const { verifier, challenge } = pkcePair();
    const launch = await standaloneLaunch(browser, {
      clientId,
      redirectUri: REDIRECT,
      scope: FULL,
      challenge,
    });
    const form = {
      grant_type: 'authorization_code',
      code: new URL(launch.callback!).searchParams.get('code')!,
      redirect_uri: REDIRECT,
      client_id: clientId,
      code_verifier: verifier,
    };
    const first = await postForm(token(), form);
    expect(first.status).toBe(200);
    const again = await postForm(token(), form);
    expect(again.body.error).toBe('invalid_grant');
    // Replaying a code ends what it gave.
    expect(await verify(server.tenantId, first.body.access_token as string)).toBeNull();
  });
});

describe('tokens over their life', () => {
  it('refreshes with offline_access, introspects, and revocation from Connected apps ends everything', async () => {
    const issued = await connect();
    expect(issued.patient).toBe(patient.patientId);
    expect(issued.refresh_token).toBeTruthy();
    expect(issued.id_token).toBeTruthy();
    const claims = JSON.parse(Buffer.from(issued.id_token!.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      string
    >;
    expect(claims.fhirUser).toBe(`Patient/${patient.patientId}`);

    const refreshed = await postForm(token(), {
      grant_type: 'refresh_token',
      refresh_token: issued.refresh_token!,
      client_id: clientId,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.patient).toBe(patient.patientId);
    const access = refreshed.body.access_token as string;
    const live = await introspect(access);
    expect(live).toMatchObject({
      active: true,
      client_id: clientId,
      sub: patient.userId,
      patient: patient.patientId,
    });
    // Each token issued is in the audit trail under the patient and the app (never the token).
    const issuedRows = await server.runtime.database.db
      .selectFrom('audit_events')
      .select(['actor_id', 'actor_client_id', 'object_id'])
      .where('object_type', '=', 'AccessToken')
      .where('actor_client_id', '=', clientId)
      .execute();
    expect(issuedRows.length).toBeGreaterThanOrEqual(2);
    expect(issuedRows.every((r) => r.actor_id === patient.userId)).toBe(true);
    expect(JSON.stringify(issuedRows)).not.toContain(access);
    expect(String(live.scope)).toContain('patient/Observation.rs');

    const grant = await verify(server.tenantId, access);
    expect(grant).toMatchObject({ patientId: patient.patientId, clientId });
    const apps = await browser.api<{
      items: { grantId: string; appName: string; scopes: string[]; lastUsedAt: string | null }[];
    }>('GET', '/api/me/connected-apps');
    const listed = apps.body.items.find((a) => a.grantId === grant!.grantId)!;
    expect(listed).toMatchObject({ appName: 'Health Diary' });
    expect(listed.scopes).toContain('patient/Condition.read');
    expect(listed.lastUsedAt).not.toBeNull();
    // Allowing the app again replaced the earlier connection: it is listed once.
    expect(apps.body.items.filter((a) => a.appName === 'Health Diary')).toHaveLength(1);

    expect((await browser.api('DELETE', `/api/me/connected-apps/${grant!.grantId}`)).status).toBe(204);
    expect(await verify(server.tenantId, access)).toBeNull();
    expect(await verify(server.tenantId, issued.access_token)).toBeNull();
    expect((await introspect(access)).active).toBe(false);
    const afterRevoke = await postForm(token(), {
      grant_type: 'refresh_token',
      refresh_token: refreshed.body.refresh_token as string,
      client_id: clientId,
    });
    expect(afterRevoke.body.error).toBe('invalid_grant');
    const after = await browser.api<{ items: { grantId: string }[] }>('GET', '/api/me/connected-apps');
    expect(after.body.items.map((a) => a.grantId)).not.toContain(grant!.grantId);
    // Someone else's grant id is not found, and nothing changes.
    expect((await browser.api('DELETE', `/api/me/connected-apps/${grant!.grantId}`)).status).toBe(404);
  });

  it('RFC 7009 revocation of the refresh token ends the grant', async () => {
    const issued = await connect();
    const revoked = await postForm(token('revoke'), { token: issued.refresh_token!, client_id: clientId });
    expect(revoked.status).toBe(200);
    expect(await verify(server.tenantId, issued.access_token)).toBeNull();
    expect((await introspect(issued.access_token)).active).toBe(false);
  });

  it('an expired token is refused', async () => {
    const issued = await connect();
    expect(await verify(server.tenantId, issued.access_token)).not.toBeNull();
    // An hour passes for this token.
    await server.runtime.database.db
      .updateTable('oauth_records')
      .set({ expires_at: sql<Date>`now() - interval '2 hours'` })
      .where('model', '=', 'AccessToken')
      .execute();
    expect(await verify(server.tenantId, issued.access_token)).toBeNull();
    expect((await introspect(issued.access_token)).active).toBe(false);
    // The next launch clears records long expired.
    await connect();
    const stale = await server.runtime.database.db
      .selectFrom('oauth_records')
      .select('id')
      .where('expires_at', '<', sql<Date>`now() - interval '1 hour'`)
      .execute();
    expect(stale).toEqual([]);
  });

  it("tenant B never accepts tenant A's token", async () => {
    const issued = await connect();
    expect(await verify(server.tenantId, issued.access_token)).not.toBeNull();
    expect(await verify(b.tenantId, issued.access_token)).toBeNull();
    // At tenant B's own OAuth server, A's client does not exist.
    const res = await server.app.inject({
      method: 'POST',
      url: '/fhir/R4/auth/introspect',
      headers: { host: b.host, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token: issued.access_token, client_id: clientId }).toString(),
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('"active":true');
  });

  it("a patient cannot read or revoke another patient's connections", async () => {
    const issued = await connect();
    const grant = (await verify(server.tenantId, issued.access_token))!;
    const other = await server.runtime.database.db
      .selectFrom('users')
      .select('email')
      .where('role', '=', 'patient')
      .where('id', '!=', patient.userId)
      .executeTakeFirstOrThrow();
    const otherBrowser = new HttpBrowser(origin);
    await otherBrowser.signIn(other.email);
    const list = await otherBrowser.api<{ items: unknown[] }>('GET', '/api/me/connected-apps');
    expect(list.body.items).toEqual([]);
    expect((await otherBrowser.api('DELETE', `/api/me/connected-apps/${grant.grantId}`)).status).toBe(404);
    expect(await verify(server.tenantId, issued.access_token)).not.toBeNull();
  });
});

describe('the patient access log names apps', () => {
  it('shows a read made through SMART with the app name', async () => {
    const issued = await connect();
    // What the FHIR door does: check the token and audit the read in its one tenant transaction.
    await inTenant(server.runtime.database.db, server.tenantId, async (tx) => {
      const grant = (await verifyBearerInTx(tx, server.tenantId, issued.access_token))!;
      expect(grant.patientId).toBe(patient.patientId);
      const { actor, app } = smartActor(grant);
      await audit(
        {
          tx,
          tenant: { id: server.tenantId, slug: 'demo', name: 'Demo' },
          actor,
          app,
          meta: { ip: null, userAgent: null, requestId: randomUUID() },
        },
        { action: 'read', objectType: 'Observation', objectId: 'obs-1', patientId: patient.patientId },
      );
    });
    const log = await browser.api<{
      items: { who: string; actorKind?: string; what: string; role: string | null }[];
    }>('GET', '/api/me/access-log');
    expect(log.body.items).toContainEqual(
      expect.objectContaining({ who: 'Health Diary', actorKind: 'app', what: 'Observation', role: null }),
    );
    // Connecting an app is the patient's own act, not a look at the record.
    expect(log.body.items.filter((e) => e.what === 'SmartGrant' || e.what === 'AccessToken')).toEqual([]);
    // The admin trail names the app too.
    const trail = await admin.get<{ items: { appName?: string | null; objectType: string }[] }>(
      `/api/staff/audit?patientId=${patient.patientId}`,
    );
    expect(trail.body.items).toContainEqual(
      expect.objectContaining({ appName: 'Health Diary', objectType: 'Observation' }),
    );
  });
});

describe('two server processes agree', () => {
  it('a launch started on one and finished on the other works, and revocation reaches both', async () => {
    // A second application instance on the same database: its own OAuth server objects and
    // caches, nothing shared in memory. A round-robin proxy sends each request to the next one.
    const second = await buildApp(server.runtime, { serveWeb: false });
    await second.listen({ port: 0, host: '127.0.0.1' });
    const backends = [server.app, second].map((a) => (a.server.address() as AddressInfo).port);
    let turn = 0;
    const proxy = createServer((req, res) => {
      const port = backends[turn++ % backends.length]!;
      const upstream = httpRequest(
        { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
    const front = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const viaProxy = new HttpBrowser(front);
      await viaProxy.signIn(patient.email);
      const { verifier, challenge } = pkcePair();
      const launch = await standaloneLaunch(viaProxy, {
        clientId,
        redirectUri: REDIRECT,
        scope: FULL,
        challenge,
      });
      const tokenUrl = `${front}/fhir/R4/auth/token`;
      const issued = await postForm(tokenUrl, {
        grant_type: 'authorization_code',
        code: new URL(launch.callback!).searchParams.get('code')!,
        redirect_uri: REDIRECT,
        client_id: clientId,
        code_verifier: verifier,
      });
      expect(issued.status).toBe(200);
      expect(turn).toBeGreaterThan(4);
      for (let i = 0; i < 2; i++) {
        const r = await postForm(`${front}/fhir/R4/auth/introspect`, {
          token: issued.body.access_token as string,
          client_id: clientId,
        });
        expect(r.body.active).toBe(true);
      }
      const refreshed = await postForm(tokenUrl, {
        grant_type: 'refresh_token',
        refresh_token: issued.body.refresh_token as string,
        client_id: clientId,
      });
      expect(refreshed.status).toBe(200);
      const grant = (await verify(server.tenantId, refreshed.body.access_token as string))!;
      expect((await viaProxy.api('DELETE', `/api/me/connected-apps/${grant.grantId}`)).status).toBe(204);
      for (let i = 0; i < 2; i++) {
        const r = await postForm(`${front}/fhir/R4/auth/introspect`, {
          token: refreshed.body.access_token as string,
          client_id: clientId,
        });
        expect(r.body.active).toBe(false);
      }
    } finally {
      await new Promise<void>((ok) => proxy.close(() => ok()));
      await second.close();
    }
  });
});
