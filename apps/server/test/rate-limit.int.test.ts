import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TestClient, type TestServer } from './harness.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SIGN_IN_IP_LIMIT: '3', TRUST_PROXY: 'true' });
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
