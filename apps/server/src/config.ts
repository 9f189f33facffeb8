import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const processes = 'expected a whole number from 1 to 64, or auto (one per CPU)';

/** Every environment variable the server reads. The README documents each one. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ message: 'expected a port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// connection URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_SHARED_CONNECTIONS: z.coerce.number().int().min(0).max(16).default(2),
  API_PROCESSES: z
    .union(
      [
        z.literal('auto'),
        z.coerce.number({ message: processes }).int(processes).min(1, processes).max(64, processes),
      ],
      { message: processes },
    )
    .default(1),
  PUBLIC_URL: z.url({ message: 'expected an absolute URL such as https://portal.example.org' }).optional(),
  APP_SECRET: z.string().min(32, 'expected at least 32 characters of random secret').optional(),
  DEFAULT_TENANT: z
    .string()
    .regex(/^[a-z0-9-]{2,40}$/, 'expected a tenant slug (a-z, 0-9, -)')
    .default('demo'),
  DEMO_DATA: bool.optional(),
  RUN_WORKERS: bool.default(true),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://user:pass@host:port or smtps://…')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Accompany <no-reply@accompany.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: bool.default(true),
  TRUST_PROXY: bool.default(false),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  STAFF_IDLE_MINUTES: z.coerce.number().int().min(10).max(1440).default(30),
  PATIENT_IDLE_MINUTES: z.coerce.number().int().min(10).max(1440).default(60),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_048_576),
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  SIGN_IN_IP_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(100),
  OAUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(50),
  PUBLIC_REQUEST_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(300),
  METRICS_TOKEN: z.string().min(16).optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  PAYMENT_GATEWAY: z
    .enum(['sandbox', 'stripe'], { message: 'expected sandbox or stripe' })
    .default('sandbox'),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, 'expected a Stripe secret key (sk_test_… or sk_live_…)')
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, 'expected a Stripe webhook signing secret (whsec_…)')
    .optional(),
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_\w+$/, 'expected a Stripe publishable key (pk_test_… or pk_live_…)')
    .optional(),
  STRIPE_API_URL: z.url({ message: 'expected an absolute URL' }).optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Connections that one-message transactions of many requests share (PostgreSQL; 0 for none). */
  databaseSharedConnections: number;
  /** Server processes sharing the port (node:cluster); each has its own database pool. */
  apiProcesses: number;
  publicUrl: string;
  appSecret: string;
  defaultTenant: string;
  demoData: boolean;
  runWorkers: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  cookieSecure: boolean;
  trustProxy: boolean;
  sessionTtlHours: number;
  /** Inactivity after which a session ends, by who signed in. */
  staffIdleMinutes: number;
  patientIdleMinutes: number;
  maxBodyBytes: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  signInIpLimit: number;
  /** Refused requests at the OAuth token, introspection and revocation endpoints per client address per 15 minutes. */
  oauthFailureLimit: number;
  /** Provider searches and open-time listings without a signed-in session, per client address per minute and process. */
  publicRequestLimit: number;
  metricsToken: string | undefined;
  shutdownTimeoutMs: number;
  workerConcurrency: number;
  workerPollMs: number;
  paymentGateway: 'sandbox' | 'stripe';
  stripeSecretKey: string | undefined;
  stripeWebhookSecret: string | undefined;
  /** Given to the browser, which loads Stripe.js with it and tokenizes cards at Stripe. */
  stripePublishableKey: string | undefined;
  stripeApiUrl: string | undefined;
}

export class ConfigError extends Error {}

/** Parses the environment; a wrong value throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '?');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${i.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  let appSecret = e.APP_SECRET;
  if (e.NODE_ENV === 'production') {
    const missing: string[] = [];
    if (!appSecret) missing.push('APP_SECRET (at least 32 random characters)');
    if (!e.PUBLIC_URL) missing.push('PUBLIC_URL (the https address patients use)');
    if (!e.SMTP_URL) missing.push('SMTP_URL (production mail cannot go to the demo catcher)');
    if (e.DEMO_DATA) missing.push('DEMO_DATA=false (demo accounts share a published password)');
    if (missing.length) throw new ConfigError(`Production needs real settings:\n  ${missing.join('\n  ')}`);
  } else if (!appSecret) {
    appSecret = devSecret(dataDir);
  }
  const apiProcesses = e.API_PROCESSES === 'auto' ? Math.min(64, availableParallelism()) : e.API_PROCESSES;
  if (apiProcesses > 1 && !e.DATABASE_URL)
    throw new ConfigError(
      `Invalid configuration:\n  API_PROCESSES=${env.API_PROCESSES} (${apiProcesses} processes) needs DATABASE_URL: ` +
        'the embedded PGlite database belongs to one process; use PostgreSQL or API_PROCESSES=1',
    );
  if (e.PAYMENT_GATEWAY === 'stripe') {
    const missing = (
      [
        ['STRIPE_SECRET_KEY', e.STRIPE_SECRET_KEY],
        ['STRIPE_WEBHOOK_SECRET', e.STRIPE_WEBHOOK_SECRET],
        ['STRIPE_PUBLISHABLE_KEY', e.STRIPE_PUBLISHABLE_KEY],
      ] as const
    )
      .filter(([, value]) => !value)
      .map(([name]) => name);
    if (missing.length)
      throw new ConfigError(`Invalid configuration:\n  PAYMENT_GATEWAY=stripe needs ${missing.join(', ')}`);
    // Test and live keys never mix: a live page would tokenize at a test account or the reverse.
    const mode = (key: string) => (key.includes('_live_') ? 'live' : 'test');
    if (mode(e.STRIPE_SECRET_KEY!) !== mode(e.STRIPE_PUBLISHABLE_KEY!))
      throw new ConfigError(
        'Invalid configuration:\n  STRIPE_PUBLISHABLE_KEY and STRIPE_SECRET_KEY must be both test or both live keys',
      );
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseSharedConnections: e.DATABASE_SHARED_CONNECTIONS,
    apiProcesses,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    appSecret: appSecret!,
    defaultTenant: e.DEFAULT_TENANT,
    // The demo organization is on by default everywhere but production.
    demoData: e.DEMO_DATA ?? e.NODE_ENV !== 'production',
    runWorkers: e.RUN_WORKERS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    staffIdleMinutes: e.STAFF_IDLE_MINUTES,
    patientIdleMinutes: e.PATIENT_IDLE_MINUTES,
    maxBodyBytes: e.MAX_BODY_BYTES,
    lockoutThreshold: e.LOCKOUT_THRESHOLD,
    lockoutMinutes: e.LOCKOUT_MINUTES,
    signInIpLimit: e.SIGN_IN_IP_LIMIT,
    oauthFailureLimit: e.OAUTH_FAILURE_LIMIT,
    publicRequestLimit: e.PUBLIC_REQUEST_LIMIT,
    metricsToken: e.METRICS_TOKEN,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerPollMs: e.WORKER_POLL_MS,
    paymentGateway: e.PAYMENT_GATEWAY,
    stripeSecretKey: e.STRIPE_SECRET_KEY,
    stripeWebhookSecret: e.STRIPE_WEBHOOK_SECRET,
    stripePublishableKey: e.PAYMENT_GATEWAY === 'stripe' ? e.STRIPE_PUBLISHABLE_KEY : undefined,
    stripeApiUrl: e.STRIPE_API_URL,
  };
}

/** Development secrets are generated once and kept in the data folder, never in the repository. */
function devSecret(dataDir: string): string {
  const file = resolve(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { appSecret?: string };
    if (stored.appSecret && stored.appSecret.length >= 32) return stored.appSecret;
  }
  mkdirSync(dataDir, { recursive: true });
  const appSecret = randomBytes(32).toString('base64url');
  writeFileSync(file, JSON.stringify({ appSecret }, null, 2), { mode: 0o600 });
  return appSecret;
}
