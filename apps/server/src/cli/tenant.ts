import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase, inTenant } from '../platform/db/database.js';
import { migrate } from '../platform/db/migrations.js';
import { hashToken, randomToken } from '../platform/crypto/tokens.js';

const usage = `Usage:
  npm run tenant -- create --slug <slug> --name "<organization name>" --admin-email <email> [--admin-name "Given Family"] [--host <hostname>]
  npm run tenant -- list

create makes an organization and an invitation for its first admin; the invitation link
is printed (valid 7 days). The admin chooses a password and sets up two-factor sign-in.`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      slug: { type: 'string' },
      name: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
      host: { type: 'string', multiple: true },
    },
  });
  const command = positionals[0];
  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(handle.db);
    if (command === 'list') {
      const rows = await handle.db
        .selectFrom('tenants')
        .select(['slug', 'name', 'hostnames'])
        .orderBy('slug')
        .execute();
      for (const r of rows)
        console.log(
          `${r.slug.padEnd(20)} ${r.name}${r.hostnames.length ? `  (${r.hostnames.join(', ')})` : ''}`,
        );
      return;
    }
    if (command !== 'create' || !values.slug || !values.name || !values['admin-email']) {
      console.error(usage);
      process.exitCode = 64;
      return;
    }
    const email = values['admin-email'].trim().toLowerCase();
    const [given = 'Admin', ...rest] = (values['admin-name'] ?? 'Admin').trim().split(/\s+/);
    const tenant = await handle.db
      .insertInto('tenants')
      .values({ slug: values.slug, name: values.name, hostnames: values.host ?? [] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const token = randomToken();
    await inTenant(handle.db, tenant.id, (tx) =>
      tx
        .insertInto('invitations')
        .values({
          tenant_id: tenant.id,
          email,
          role: 'admin',
          locale: 'en',
          given_name: given,
          family_name: rest.join(' ') || 'Admin',
          token_hash: hashToken(token),
          expires_at: sql<Date>`now() + interval '7 days'`,
        })
        .execute(),
    );
    const base = values.host?.[0] ? `https://${values.host[0]}` : config.publicUrl;
    console.log(
      `Created ${values.name} (${values.slug}).\nFirst admin invitation for ${email}:\n  ${base}/invitation?token=${token}`,
    );
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
