import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrations.js';
import { formatTally, importFiles, listImportFiles } from '../fhir/import/import-files.js';
import { FHIR_PREFIX } from '../fhir/fhir.routes.js';

const usage = `Usage:
  npm run import -- [--tenant <slug>] <files or folders>

Imports FHIR R4 Bundles (.json: transaction, batch or collection) and NDJSON files (.ndjson, one
resource per line) into an organization's FHIR store. Each bundle is all-or-nothing; ids are
kept, so importing the same data again changes nothing.`;

function progress(done: number, total: number, file: string) {
  if (!process.stdout.isTTY) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  const name = file.split('/').pop()!.slice(0, 40);
  process.stdout.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${name.padEnd(40)}`,
  );
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { tenant: { type: 'string' } },
  });
  if (!positionals.length) {
    console.error(usage);
    process.exitCode = 64;
    return;
  }
  const config = loadConfig();
  const files = listImportFiles(positionals);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(handle.db);
    const slug = values.tenant ?? config.defaultTenant;
    const tenant = await handle.db
      .selectFrom('tenants')
      .select(['id', 'slug', 'name'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (!tenant) throw new Error(`No organization with the slug "${slug}" (npm run tenant -- list)`);
    const started = Date.now();
    const base = `${config.publicUrl.replace(/\/$/, '')}${FHIR_PREFIX}`;
    const { tally, failedFiles } = await importFiles(handle.db, tenant, files, base, (done, r) =>
      progress(done, files.length, r.file),
    );
    if (process.stdout.isTTY) process.stdout.write('\n');
    console.log(formatTally(tally));
    console.log(`${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const f of failedFiles) console.error(`failed: ${f.file}: ${f.error}`);
    if (failedFiles.length) process.exitCode = 1;
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
