import { ConfigError, loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { createLogger, startRuntime } from './platform/runtime.js';
import { ensureDemoOrganization } from './modules/demo/demo.generator.js';
import { isForkedProcess, onceOnlyWorkDone, superviseProcesses } from './platform/ops/processes.js';
import { startBanner } from './start-banner.js';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  if (config.apiProcesses > 1 && !isForkedProcess()) return startPrimary(config);
  await startServer(config);
}

/** One server: with API_PROCESSES=1 the only process, otherwise one of the forked ones. */
async function startServer(config: Config) {
  const log = createLogger(config);
  const runtime = await startRuntime(config, { log });
  const demo =
    config.demoData && !onceOnlyWorkDone()
      ? await ensureDemoOrganization(runtime.database.db, config.defaultTenant)
      : null;
  const app = await buildApp(runtime);
  await app.listen({ port: config.port, host: config.host });
  if (config.runWorkers) runtime.worker.start();

  if (!isForkedProcess()) {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(
      startBanner(config, {
        port,
        databaseKind: runtime.database.kind,
        demoPatientEmails: demo ? demo.patients.map((p) => p.email) : null,
      }),
    );
  }

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

/**
 * API_PROCESSES > 1: the once-only start work (migrations, demo data) happens here, before any
 * server process exists, then the primary forks them and only supervises.
 */
async function startPrimary(config: Config) {
  const log = createLogger(config);
  const runtime = await startRuntime(config, { log });
  const demo = config.demoData
    ? await ensureDemoOrganization(runtime.database.db, config.defaultTenant)
    : null;
  const databaseKind = runtime.database.kind;
  await runtime.close();
  superviseProcesses({
    processes: config.apiProcesses,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    log,
    onListening: (port) =>
      console.log(
        startBanner(config, {
          port,
          databaseKind,
          demoPatientEmails: demo ? demo.patients.map((p) => p.email) : null,
        }),
      ),
  });
}

main().catch((error) => {
  console.error('Accompany failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
