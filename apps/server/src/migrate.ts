import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './platform/db/database.js';
import { migrate } from './platform/db/migrations.js';

async function main() {
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(db.db);
  console.log(
    applied.length ? `Applied migrations: ${applied.join(', ')}` : 'The database schema is up to date.',
  );
  await db.close();
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
