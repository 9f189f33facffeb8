import { ConfigError, loadConfig } from './config.js';
import { createLogger, startRuntime } from './platform/runtime.js';

/** Runs only the job workers, for deployments that scale them apart from the API. */
async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) {
    console.error(
      'npm run worker needs DATABASE_URL: the embedded database belongs to one process (npm start runs workers itself).',
    );
    process.exit(78);
  }
  const log = createLogger(config);
  const runtime = await startRuntime(config, { log });
  runtime.worker.start();
  log.info('worker started');
  const stop = async () => {
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
