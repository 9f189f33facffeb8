import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { generate } from 'otplib';
import { loadConfig, type Config } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { startRuntime, type Runtime } from '../src/platform/runtime.js';
import { generateDemoOrganization } from '../src/modules/demo/demo.generator.js';

/**
 * A server for one test file: a fresh database (in-memory PGlite, or a new database on
 * the PostgreSQL server named by TEST_DATABASE_URL), migrated, with a demo tenant.
 */
export interface TestServer {
  app: FastifyInstance;
  runtime: Runtime;
  config: Config;
  tenantId: string;
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

export const onPostgres = () => Boolean(process.env.TEST_DATABASE_URL);

/** Creates an empty database on the test PostgreSQL server and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startTestServer(
  env: Record<string, string> = {},
  options: {
    demo?: boolean;
    log?: Logger;
    /** demo FHIR records for the first three patients */ records?: boolean;
  } = {},
): Promise<TestServer> {
  const databaseUrl = onPostgres() ? await createTestDatabase() : undefined;
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_SECRET: 'test-secret-that-is-long-enough-0123456789',
    DATA_DIR: '/nonexistent-not-used',
    PUBLIC_URL: 'http://localhost:3000',
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'silent',
    WORKER_POLL_MS: '100',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const runtime = await startRuntime(config, {
    memory: !databaseUrl,
    log: options.log ?? pino({ level: 'silent' }),
  });
  let tenantId: string;
  if (options.demo === false) {
    const t = await runtime.database.db
      .insertInto('tenants')
      .values({ slug: config.defaultTenant, name: 'Test Clinic' })
      .returning('id')
      .executeTakeFirstOrThrow();
    tenantId = t.id;
  } else {
    tenantId = (
      await generateDemoOrganization(runtime.database.db, config.defaultTenant, {
        records: options.records ?? false,
        clinicalRecords: () => false,
      })
    ).tenantId;
  }
  const app = await buildApp(runtime, { serveWeb: false });
  await app.ready();
  runtime.worker.start();
  return {
    app,
    runtime,
    config,
    tenantId,
    databaseUrl,
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}

export interface Res<T = unknown> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
}

/** A browser-like client: keeps cookies, fetches and sends the CSRF token. */
export class TestClient {
  private cookies = new Map<string, string>();
  csrf: string | null = null;

  constructor(
    private readonly app: FastifyInstance,
    private readonly host = 'localhost:3000',
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keepCookies(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const gone = c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now());
      if (gone) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  async refreshSession() {
    const res = await this.request<{ csrfToken: string; user: unknown }>('GET', '/api/session');
    this.csrf = res.body.csrfToken;
    return res;
  }

  async request<T = unknown>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res<T>> {
    const hasBody = body !== undefined;
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers: {
        host: this.host,
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(hasBody && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(hasBody ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    this.keepCookies(res);
    let parsed: unknown = res.body;
    if (res.headers['content-type']?.toString().includes('json') && res.body) parsed = JSON.parse(res.body);
    return { status: res.statusCode, body: parsed as T, headers: res.headers };
  }

  get<T = unknown>(url: string) {
    return this.request<T>('GET', url);
  }

  async post<T = unknown>(url: string, body: unknown = {}) {
    if (!this.csrf) await this.refreshSession();
    return this.request<T>('POST', url, body);
  }

  async patch<T = unknown>(url: string, body: unknown) {
    if (!this.csrf) await this.refreshSession();
    return this.request<T>('PATCH', url, body);
  }

  async delete<T = unknown>(url: string) {
    if (!this.csrf) await this.refreshSession();
    return this.request<T>('DELETE', url);
  }

  /** Signs in with a password (and a TOTP secret when the account has one). */
  async signIn(email: string, password = 'accompany-demo', totpSecret?: string) {
    await this.refreshSession();
    const res = await this.post<{ status: string }>('/api/auth/sign-in', { email, password });
    await this.refreshSession();
    if (res.status === 200 && res.body.status === 'totp_required' && totpSecret) {
      const code = await freshTotp(totpSecret);
      const second = await this.post<{ status: string }>('/api/auth/sign-in/totp', { code });
      await this.refreshSession();
      return second;
    }
    return res;
  }
}

/**
 * A code from a time step not used before: the server refuses a replayed step, so tests
 * that sign in twice within 30 seconds ask for the next step's code.
 */
const usedSteps = new Map<string, number>();
export async function freshTotp(secret: string): Promise<string> {
  const step = Math.floor(Date.now() / 30_000);
  const last = usedSteps.get(secret) ?? -1;
  const use = Math.max(step, last + 1);
  if (use > step + 1) await new Promise((r) => setTimeout(r, (use - 1) * 30_000 - Date.now() + 50));
  usedSteps.set(secret, use);
  return generate({ secret, epoch: use * 30 });
}

/** Signs in a staff member and enrols TOTP for them; returns the secret. */
export async function enrolStaff(client: TestClient, email: string, password?: string) {
  await client.signIn(email, password);
  const setup = await client.post<{ secret: string }>('/api/me/totp/setup');
  const code = await freshTotp(setup.body.secret);
  const enabled = await client.post<{ recoveryCodes: string[] }>('/api/me/totp/enable', { code });
  if (enabled.status !== 200) throw new Error(`TOTP enrolment failed: ${JSON.stringify(enabled.body)}`);
  return { secret: setup.body.secret, recoveryCodes: enabled.body.recoveryCodes };
}

/** Mail kept by the demo catcher, newest first. */
export async function caughtMail(server: TestServer, to: string) {
  await server.runtime.worker.drain();
  return server.runtime.database.db
    .selectFrom('caught_mail')
    .selectAll()
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .execute();
}

export const linkToken = (text: string, path: string) => {
  const m = text.match(new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`));
  if (!m) throw new Error(`No ${path} link in mail`);
  return m[1]!;
};

export const newSecret = () => randomBytes(8).toString('hex');
