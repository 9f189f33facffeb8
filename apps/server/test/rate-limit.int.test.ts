import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '@accompany/contracts';
import { startTestServer, TestClient, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SIGN_IN_IP_LIMIT: '3', PUBLIC_REQUEST_LIMIT: '4', TRUST_PROXY: 'true' });
});
afterAll(async () => server?.close());

/** A client whose requests come from `ip` (through a trusted proxy). */
function from(ip: string) {
  const c = new TestClient(server.app);
  const request = c.request.bind(c);
  c.request = (method, url, body, headers = {}) =>
    request(method, url, body, { 'x-forwarded-for': ip, ...headers });
  return c;
}

describe('sign-in limit per client address', () => {
  it('refuses the address after the limit, counts failures and successes alike, and leaves other addresses alone', async () => {
    const c = from('203.0.113.7');
    await c.refreshSession();
    expect(
      (await c.post('/api/auth/sign-in', { email: 'nobody@example.com', password: 'guess one' })).status,
    ).toBe(401);
    expect(
      (await c.post('/api/auth/sign-in', { email: 'nobody@example.com', password: 'guess two' })).status,
    ).toBe(401);
    expect(
      (await c.post('/api/auth/sign-in', { email: 'billing@riverside.example', password: 'accompany-demo' }))
        .status,
    ).toBe(200);
    await c.refreshSession(); // the new session has its own CSRF token
    const limited = await c.post<{ code: string }>('/api/auth/sign-in', {
      email: 'billing@riverside.example',
      password: 'accompany-demo',
    });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const other = from('198.51.100.20');
    await other.refreshSession();
    expect(
      (
        await other.post('/api/auth/sign-in', {
          email: 'billing@riverside.example',
          password: 'accompany-demo',
        })
      ).status,
    ).toBe(200);
  });

  it('keeps the count in the database, where every process reads it', async () => {
    const rows = await server.runtime.database.db
      .selectFrom('rate_limits')
      .select(['bucket', 'hits'])
      .where('bucket', '=', 'sign-in:ip:203.0.113.7')
      .execute();
    // Three attempts were counted; the refused fourth never reached a password check.
    expect(rows).toEqual([{ bucket: 'sign-in:ip:203.0.113.7', hits: 3 }]);
  });
});

describe('public search limit per client address', () => {
  const search = '/api/scheduling/search?reason=sore%20throat';

  it('limits anonymous searches and open-time listings together, per address, and leaves signed-in patients alone', async () => {
    const stranger = from('203.0.113.90');
    const found = await stranger.get<SearchResponse>(search);
    expect(found.status).toBe(200);
    const first = found.body.items[0]!;
    const slots = `/api/scheduling/providers/${first.provider.id}/slots?visitTypeId=${first.visitType.id}&locationId=${first.location.id}&from=2027-01-04`;
    expect((await stranger.get(slots)).status).toBe(200);
    expect((await stranger.get(search)).status).toBe(200);
    expect((await stranger.get(slots)).status).toBe(200);

    const refused = await stranger.get<{ code: string }>(search);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await stranger.get(slots)).status).toBe(429);
    // The directory itself is cheap and stays open.
    expect((await stranger.get('/api/scheduling/directory')).status).toBe(200);

    expect((await from('198.51.100.90').get(search)).status).toBe(200);

    // A patient signed in behind the same address searches as much as they need.
    const patient = from('203.0.113.90');
    const email = (
      await server.runtime.database.db
        .selectFrom('users')
        .select('email')
        .where('role', '=', 'patient')
        .orderBy('email')
        .executeTakeFirstOrThrow()
    ).email;
    expect((await patient.signIn(email)).status).toBe(200);
    for (let i = 0; i < 6; i++) expect((await patient.get(search)).status).toBe(200);
  });

  it('says so in the API description', async () => {
    const doc = await new TestClient(server.app).get<{
      paths: Record<string, { get: { responses: Record<string, unknown> } }>;
    }>('/api/openapi.json');
    expect(doc.body.paths['/api/scheduling/search']!.get.responses['429']).toBeDefined();
    expect(doc.body.paths['/api/scheduling/providers/{id}/slots']!.get.responses['429']).toBeDefined();
    expect(doc.body.paths['/api/scheduling/directory']!.get.responses['429']).toBeUndefined();
  });
});
