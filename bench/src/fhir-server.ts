import { serverModule } from './fhir-server-module.js';

/**
 * The server the FHIR benchmark loads (a child process): the real application, with a bearer
 * verifier that accepts one token (a backend service with system/*.* scopes), standing in for
 * a SMART token so that every request pays authorization, validation, indexing and audit.
 */
const { loadConfig } = await serverModule('config.ts');
const { buildApp } = await serverModule('app.ts');
const { startRuntime } = await serverModule('platform/runtime.ts');
const pino = (await import('pino')).default;

const config = loadConfig();
const token = process.env.FHIR_BENCH_TOKEN!;
const runtime = await startRuntime(config, { log: pino({ level: 'warn' }) });
const db = runtime.database.db;
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
const app = await buildApp(runtime, {
  serveWeb: false,
  fhir: {
    verifyBearer: async (t: string, sent: string) =>
      sent === token && t === tenantId
        ? {
            tenantId,
            clientId: 'bench',
            userId: null,
            patientId: null,
            scopes: ['system/*.*'],
            grantId: 'bench',
          }
        : null,
  },
});
await app.listen({ port: config.port, host: '127.0.0.1' });
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => runtime.close())
    .then(() => process.exit(0));
});
