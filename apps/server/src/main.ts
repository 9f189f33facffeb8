import { ConfigError, loadConfig } from './config.js';
import { buildApp } from './app.js';
import { createLogger, startRuntime } from './platform/runtime.js';
import { DEMO_PASSWORD, ensureDemoOrganization } from './modules/demo/demo.generator.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const log = createLogger(config);
  const runtime = await startRuntime(config, { log });
  const demo = config.demoData
    ? await ensureDemoOrganization(runtime.database.db, config.defaultTenant)
    : null;
  const app = await buildApp(runtime);
  await app.listen({ port: config.port, host: config.host });
  if (config.runWorkers) runtime.worker.start();

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.replace(`:${config.port}`, `:${port}`);
  const lines = [
    '',
    `  Accompany is running at ${url}`,
    `  Database: ${runtime.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}; workers: ${config.runWorkers ? 'in this process' : 'separate (npm run worker)'}`,
    `  Mail: ${config.smtpUrl ? 'SMTP' : 'demo catcher (admins read it in the console under Mail)'}`,
  ];
  if (config.demoData) {
    lines.push(
      '',
      `  Demo sign-ins (password for all: ${DEMO_PASSWORD})`,
      '    admin@riverside.example       admin (sets up two-factor on first sign-in)',
      '    frontdesk@riverside.example   front desk',
      '    clinician@riverside.example   clinician',
      '    billing@riverside.example     billing',
      '    …and 240 patients, e.g. the ones listed in the console under Users',
    );
    if (demo)
      lines.push(
        `    first patients: ${demo.patients
          .slice(0, 3)
          .map((p) => p.email)
          .join(', ')}`,
      );
  }
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests and jobs in flight');
    const force = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error('Accompany failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
