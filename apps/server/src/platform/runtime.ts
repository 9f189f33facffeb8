import pino, { type Logger } from 'pino';
import type { Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrate } from './db/migrations.js';
import { Keyring } from './crypto/tokens.js';
import { CookieJar } from './http/cookies.js';
import { TenantDirectory } from './tenancy/tenants.js';
import { JobQueue } from './jobs/queue.js';
import { Worker } from './jobs/worker.js';
import { catchingMailer, smtpMailer, type Mailer } from './notify/mailer.js';
import { EMAIL_QUEUE, emailDeliveryHandler } from './notify/outbox.js';
import type { Platform } from './platform.js';
import { inTenant } from './db/database.js';
import { pruneRateLimits } from './auth/rate-limit.js';
import { schedulingJobHandlers } from '../modules/scheduling/scheduling.jobs.js';
import { exportJobHandlers } from '../fhir/export/export.job.js';
import { billingJobHandlers, scheduleBillingJobs } from '../modules/billing/billing.jobs.js';

/** The redaction list: belt and braces, since nothing logs bodies in the first place. */
export const logRedactions = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, redact: logRedactions, base: { service: 'accompany' } });
}

export interface Runtime {
  platform: Platform;
  database: DatabaseHandle;
  mailer: Mailer;
  worker: Worker;
  close(): Promise<void>;
}

const MAINTENANCE_QUEUE = 'maintenance.prune';

/** Opens the database, applies migrations and assembles the shared platform pieces. */
export async function startRuntime(
  config: Config,
  options: { memory?: boolean; log?: Logger } = {},
): Promise<Runtime> {
  const log = options.log ?? createLogger(config);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    sharedConnections: config.databaseSharedConnections,
    ...(options.memory ? { memory: true } : {}),
  });
  const applied = await migrate(database.db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const jobs = new JobQueue(database.db);
  const platform: Platform = {
    config,
    db: database.db,
    dbKind: database.kind,
    keyring: new Keyring(config.appSecret),
    cookies: new CookieJar(config.cookieSecure),
    tenants: new TenantDirectory(database.db, config.defaultTenant),
    jobs,
    log,
  };
  const mailer = config.smtpUrl
    ? smtpMailer(config.smtpUrl, config.mailFrom)
    : catchingMailer(database.db, config.mailFrom);
  const worker = new Worker(
    jobs,
    {
      [EMAIL_QUEUE]: emailDeliveryHandler(database.db, mailer),
      ...schedulingJobHandlers(platform),
      ...exportJobHandlers(database.db),
      ...billingJobHandlers(platform),
      [MAINTENANCE_QUEUE]: async (job) => {
        await inTenant(database.db, job.tenantId, async (tx) => {
          await pruneRateLimits(tx);
          await jobs.enqueue(
            tx,
            job.tenantId,
            MAINTENANCE_QUEUE,
            {},
            { runAt: new Date(Date.now() + 3_600_000) },
          );
        });
        await jobs.prune();
      },
    },
    log.child({ component: 'worker' }),
    { concurrency: config.workerConcurrency, pollMs: config.workerPollMs },
  );
  await scheduleMaintenance(database, jobs);
  await scheduleBillingJobs(database.db, jobs);
  return {
    platform,
    database,
    mailer,
    worker,
    async close() {
      await worker.stop();
      mailer.close();
      await database.close();
    },
  };
}

/** Each tenant has one hourly clean-up job that re-schedules itself. */
async function scheduleMaintenance(database: DatabaseHandle, jobs: JobQueue) {
  const tenants = await database.db
    .selectFrom('tenants')
    .select('id')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('jobs')
            .select('jobs.id')
            .whereRef('jobs.tenant_id', '=', 'tenants.id')
            .where('jobs.queue', '=', MAINTENANCE_QUEUE)
            .where('jobs.status', 'in', ['queued', 'active']),
        ),
      ),
    )
    .execute();
  for (const t of tenants) {
    await inTenant(database.db, t.id, (tx) =>
      jobs.enqueue(tx, t.id, MAINTENANCE_QUEUE, {}, { runAt: new Date(Date.now() + 3_600_000) }),
    );
  }
}
