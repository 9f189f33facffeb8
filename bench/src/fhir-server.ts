import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { serverModule } from './fhir-server-module.js';
import { answerCounts, countAcrossWorkers, forkWorkers } from './fhir-server-processes.js';
import { countQueries } from './query-counter.js';

/**
 * The server the FHIR benchmark loads (a child process): the real application with its real
 * SMART bearer verifier. The token is a backend service's (client credentials, system/*.*
 * scopes), stored as the token endpoint stores one, so every request pays the token's lookup
 * (not expired, client not retired), authorization, validation, indexing and audit.
 *
 * GET /bench/round-trips answers how many messages the server has sent to the database so far
 * (each is one round trip, however many statements it carries).
 *
 * FHIR_BENCH_PROCESSES=N runs N server processes on the one port (node:cluster), as a deployment
 * uses every core: this process prepares the database and the token, then forks them.
 */
const processCount = Number(process.env.FHIR_BENCH_PROCESSES ?? 1);
const primary = cluster.isPrimary && processCount > 1;
const { loadConfig } = await serverModule('config.ts');
const { buildApp } = await serverModule('app.ts');
const { startRuntime } = await serverModule('platform/runtime.ts');
const { inTenant } = await serverModule('platform/db/database.ts');
const { insertClient } = await serverModule('fhir/smart/clients.repository.ts');
const { saveRecord } = await serverModule('fhir/smart/oauth-records.ts');
const pino = (await import('pino')).default;

// Round trips of this process, for as long as it runs (a pipelined message counts with its flight).
const trips = countQueries();

const config = loadConfig();
const token = process.env.FHIR_BENCH_TOKEN!;
const runtime = await startRuntime(config, { log: pino({ level: 'warn' }) });
const db = runtime.database.db;
if (cluster.isPrimary) await prepare();
if (primary) {
  await runtime.close();
  await forkWorkers(processCount);
} else {
  await serve();
}

/** The tenant and the backend service's token, once. */
async function prepare() {
  const existing = await db
    .selectFrom('tenants')
    .select('id')
    .where('slug', '=', config.defaultTenant)
    .executeTakeFirst();
  const tenantId: string =
    existing?.id ??
    (
      await db
        .insertInto('tenants')
        .values({ slug: config.defaultTenant, name: 'Bench Clinic' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const clientId = `bench-${randomUUID().slice(0, 8)}`;
  const scope = 'system/*.cruds';
  await inTenant(db, tenantId, async (tx: unknown) => {
    await insertClient(tx, tenantId, {
      clientId,
      name: 'Benchmark feed',
      kind: 'backend',
      authMethod: 'private_key_jwt',
      redirectUris: [],
      scopes: scope,
      jwks: { keys: [] },
      secretSealed: null,
      createdBy: null,
    });
    const now = Math.floor(Date.now() / 1000);
    await saveRecord(
      tx,
      tenantId,
      'ClientCredentials',
      token,
      { kind: 'ClientCredentials', clientId, scope, iat: now, exp: now + 3600 },
      3600,
    );
  });
}

async function serve() {
  const app = await buildApp(runtime, { serveWeb: false });
  if (cluster.isWorker) answerCounts(() => trips.total);
  app.get('/bench/round-trips', async () => ({
    roundTrips: cluster.isWorker ? await countAcrossWorkers() : trips.total,
  }));
  // FHIR_BENCH_PROFILE=<folder>: POST /bench/profile/start and /bench/profile/stop?name=… write a
  // CPU profile of the server (open it in Chrome's DevTools) for looking into where time goes.
  const profileDir = process.env.FHIR_BENCH_PROFILE;
  if (profileDir && cluster.isWorker)
    throw new Error('FHIR_BENCH_PROFILE profiles one process: FHIR_BENCH_PROCESSES=1');
  if (profileDir) {
    const { Session } = await import('node:inspector/promises');
    const { writeFileSync } = await import('node:fs');
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    app.post('/bench/profile/start', async () => {
      await session.post('Profiler.start');
      return {};
    });
    app.post('/bench/profile/stop', async (request: { query: { name?: string } }) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(`${profileDir}/${request.query.name ?? 'server'}.cpuprofile`, JSON.stringify(profile));
      return {};
    });
  }
  await app.listen({ port: config.port, host: '127.0.0.1' });
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => runtime.close())
      .then(() => process.exit(0));
  });
}
