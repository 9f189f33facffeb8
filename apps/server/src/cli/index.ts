import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrations.js';
import { Keyring } from '../platform/crypto/tokens.js';
import { clientsUsage, runClientsCommand } from './clients.js';

/** `npm run cli -- <area> <command> …`: administration from the command line. */
async function main() {
  const [area, ...rest] = process.argv.slice(2);
  if (area !== 'clients') {
    console.error(`Usage: npm run cli -- clients <create|list|retire> …\n\n${clientsUsage}`);
    process.exitCode = 64;
    return;
  }
  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(handle.db);
    process.exitCode = await runClientsCommand(rest, {
      db: handle.db,
      keyring: new Keyring(config.appSecret),
      out: (line) => console.log(line),
    });
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
