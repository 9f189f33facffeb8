import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';
import { runClientsCommand } from '../src/cli/clients.js';
import { OAuthThrottle } from '../src/fhir/smart/oauth-throttle.js';

/**
 * Refused requests at the OAuth endpoints where a client authenticates are counted per client
 * address; past the limit the address is turned away before its request is looked at.
 */
let server: TestServer;
let origin: string;
let secret: string;

beforeAll(async () => {
  server = await startTestServer({ OAUTH_FAILURE_LIMIT: '3', TRUST_PROXY: 'true' });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const lines: string[] = [];
  const args = ['create', '--tenant', 'demo', '--name', 'Throttle Test App', '--confidential'];
  args.push('--redirect-uri', 'https://app.example/cb', '--client-id', 'throttle-app');
  const code = await runClientsCommand(args, {
    db: server.runtime.database.db,
    keyring: server.runtime.platform.keyring,
    out: (l: string) => void lines.push(l),
  });
  expect(code).toBe(0);
  secret = lines
    .find((l) => l.includes('client_secret (shown once)'))!
    .split(': ')
    .pop()!;
});
afterAll(async () => server?.close());

async function post(path: string, ip: string, form: Record<string, string>, clientSecret = secret) {
  const res = await fetch(`${origin}/fhir/R4/auth/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': ip,
      authorization: `Basic ${Buffer.from(`throttle-app:${clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

const badRefresh = { grant_type: 'refresh_token', refresh_token: 'x'.repeat(43) };
const hits = (ip: string) =>
  server.runtime.database.db
    .selectFrom('rate_limits')
    .select('hits')
    .where('bucket', '=', `oauth-fail:ip:${ip}`)
    .execute();

describe('OAuth failure limit per client address', () => {
  it('answers the first failures, then refuses the address at every authenticated endpoint', async () => {
    const ip = '203.0.113.50';
    expect((await post('token', ip, badRefresh, 'wrong secret')).body.error).toBe('invalid_client');
    expect((await post('token', ip, badRefresh)).body.error).toBe('invalid_grant');
    expect((await post('revoke', ip, { token: 'y'.repeat(43) }, 'wrong again')).status).toBe(401);

    // Each failure is counted before its answer leaves: a client retrying at once meets it.
    expect(await hits(ip)).toEqual([{ hits: 3 }]);
    // Three failures fill the window: even the right secret is now turned away, unread.
    const refused = await post('token', ip, badRefresh);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('temporarily_unavailable');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(900);
    expect((await post('introspect', ip, { token: 'z'.repeat(43) })).status).toBe(429);
    // Refusals are not counted again: the window ends when it would have.
    expect(await hits(ip)).toEqual([{ hits: 3 }]);

    // Discovery and other addresses are untouched.
    const discovery = await fetch(`${origin}/fhir/R4/.well-known/smart-configuration`, {
      headers: { 'x-forwarded-for': ip },
    });
    expect(discovery.status).toBe(200);
    expect((await post('token', '198.51.100.60', badRefresh)).body.error).toBe('invalid_grant');
  });

  it('does not count answered requests', async () => {
    const ip = '203.0.113.51';
    for (let i = 0; i < 5; i++) {
      const answer = await post('introspect', ip, { token: 'q'.repeat(43) });
      expect(answer.status).toBe(200);
      expect(answer.body.active).toBe(false);
    }
    expect(await hits(ip)).toEqual([]);
  });

  it('shares one count between processes: another process lets at most one more failure through', async () => {
    const db = server.runtime.database.db;
    let clock = Date.now();
    const first = new OAuthThrottle(db, server.runtime.platform.log, 3);
    const second = new OAuthThrottle(db, server.runtime.platform.log, 3, () => clock);
    const ip = '192.0.2.77';
    for (let i = 0; i < 3; i++) await first.countFailure(server.tenantId, ip);
    expect(first.waitFor(server.tenantId, ip)).toBeGreaterThan(0);
    expect(first.waitFor(server.tenantId, '192.0.2.78')).toBeNull();
    // The second process has not seen the address fail yet; its next failure tells it.
    expect(second.waitFor(server.tenantId, ip)).toBeNull();
    await second.countFailure(server.tenantId, ip);
    expect(second.waitFor(server.tenantId, ip)).toBeGreaterThan(0);
    expect(await hits(ip)).toEqual([{ hits: 4 }]);
    // When the window ends the address is let through again.
    clock += 900_000;
    expect(second.waitFor(server.tenantId, ip)).toBeNull();
  });
});
