import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TestClient, type TestServer } from './harness.js';

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ METRICS_TOKEN });
});
afterAll(async () => server?.close());

describe('health, readiness and metrics', () => {
  it('says the process is up and the database ready', async () => {
    const health = await server.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    const ready = await server.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('is not ready while a migration is missing', async () => {
    const db = server.runtime.database.db;
    const applied = await db
      .selectFrom('schema_migrations')
      .selectAll()
      .where('version', '=', 1)
      .executeTakeFirstOrThrow();
    await db.deleteFrom('schema_migrations').where('version', '=', 1).execute();
    try {
      const ready = await server.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'migrations_pending', pending: [1] });
    } finally {
      await db
        .insertInto('schema_migrations')
        .values({ version: applied.version, name: applied.name })
        .execute();
    }
    expect((await server.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('serves Prometheus metrics behind the token, by route pattern and never by raw URL', async () => {
    await new TestClient(server.app).get('/api/staff/patients/00000000-0000-4000-8000-000000000000');
    expect((await server.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    const wrong = await server.app.inject({ url: '/metrics', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    const res = await server.app.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('accompany_http_request_duration_seconds_bucket');
    expect(res.body).toContain('route="/api/staff/patients/:id"');
    expect(res.body).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(res.body).toContain('accompany_process_cpu_seconds_total');
  });
});

describe('security headers and request ids', () => {
  it('sends a strict content security policy and the usual hardening headers', async () => {
    const res = await server.app.inject({ url: '/api/session' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('echoes a well-formed request id and replaces anything else', async () => {
    const kept = await server.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-1234-abcd' } });
    expect(kept.headers['x-request-id']).toBe('trace-1234-abcd');
    const replaced = await server.app.inject({
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\u0000<script>' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight, then refuses new connections', async () => {
    const other = await startTestServer();
    await other.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = other.app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const session = await fetch(`${base}/api/session`, { headers: { host: 'localhost:3000' } });
    const csrf = ((await session.json()) as { csrfToken: string }).csrfToken;
    const cookie = session.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    // A sign-in takes tens of milliseconds (argon2id): close the server once it has taken the
    // request in (its own 'request' listener runs first and routes it), while it still works on
    // it. Waiting on the client side instead races with the server under load: a request the
    // server had not yet read when closing began is rightly answered 503.
    const body = JSON.stringify({ email: 'billing@riverside.example', password: 'accompany-demo' });
    const received = new Promise<void>((resolve) => other.app.server.once('request', () => resolve()));
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${base}/api/auth/sign-in`,
        {
          method: 'POST',
          headers: {
            host: 'localhost:3000',
            cookie,
            'x-csrf-token': csrf,
            'content-type': 'application/json',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    await received;
    const closing = other.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).status).toBe('signed_in');
    await closing;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
