import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CreateBackendClientBody, CreateSmartAppBody } from '@accompany/contracts';
import type { Db } from '../platform/db/database.js';
import { inTenant } from '../platform/db/database.js';
import type { Keyring } from '../platform/crypto/tokens.js';
import { AppError } from '../platform/errors.js';
import { clientsOfTenant, createClient, retireClient } from '../fhir/smart/clients.service.js';

export const clientsUsage = `Usage:
  npm run cli -- clients create --tenant <slug> --name "<app name>" --redirect-uri <url> [--redirect-uri <url>] [--confidential] [--scopes "<scopes>"] [--client-id <id>]
  npm run cli -- clients create --tenant <slug> --name "<system name>" --backend --jwks <file.json> [--scopes "system/*.rs"] [--client-id <id>]
  npm run cli -- clients list --tenant <slug>
  npm run cli -- clients retire --tenant <slug> --client-id <id>

An app is launched by patients (authorization code with PKCE); a confidential app's secret is
printed once. A backend system authenticates with a JWT signed by a key of its JWKS
(SMART Backend Services) and receives system scopes.`;

/** Runs one `clients` command; lines go to `out`. Returns the process exit code. */
export async function runClientsCommand(
  argv: string[],
  deps: { db: Db; keyring: Keyring; out: (line: string) => void },
): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      confidential: { type: 'boolean' },
      backend: { type: 'boolean' },
      jwks: { type: 'string' },
      scopes: { type: 'string' },
      'client-id': { type: 'string' },
    },
  });
  const [command] = positionals;
  if (!command || !values.tenant || !['create', 'list', 'retire'].includes(command)) {
    deps.out(clientsUsage);
    return 64;
  }
  const tenant = await deps.db
    .selectFrom('tenants')
    .select('id')
    .where('slug', '=', values.tenant)
    .executeTakeFirst();
  if (!tenant) {
    deps.out(`No organization with slug "${values.tenant}"`);
    return 1;
  }
  try {
    return await inTenant(deps.db, tenant.id, async (tx) => {
      if (command === 'list') {
        for (const c of await clientsOfTenant(tx))
          deps.out(
            `${c.clientId.padEnd(24)} ${c.kind.padEnd(8)} ${c.name}${c.disabledAt ? ' (retired)' : ''}  [${c.scopes}]`,
          );
        return 0;
      }
      if (command === 'retire') {
        if (!values['client-id']) {
          deps.out(clientsUsage);
          return 64;
        }
        await retireClient(tx, values['client-id']);
        deps.out(`Retired ${values['client-id']}: its tokens no longer work.`);
        return 0;
      }
      const common = {
        name: values.name,
        ...(values['client-id'] ? { clientId: values['client-id'] } : {}),
        ...(values.scopes ? { scopes: values.scopes } : {}),
      };
      const created = values.backend
        ? await createClient(tx, deps.keyring, tenant.id, null, {
            kind: 'backend',
            ...CreateBackendClientBody.parse({
              ...common,
              jwks: values.jwks ? JSON.parse(readFileSync(values.jwks, 'utf8')) : undefined,
            }),
          })
        : await createClient(tx, deps.keyring, tenant.id, null, {
            kind: 'app',
            ...CreateSmartAppBody.parse({
              ...common,
              redirectUris: values['redirect-uri'],
              confidential: values.confidential ?? false,
            }),
          });
      deps.out(`Created ${created.kind} "${created.name}"`);
      deps.out(`  client_id: ${created.clientId}`);
      deps.out(`  token endpoint auth: ${created.authMethod}`);
      deps.out(`  scopes: ${created.scopes}`);
      if (created.clientSecret) deps.out(`  client_secret (shown once): ${created.clientSecret}`);
      return 0;
    });
  } catch (error) {
    if (error instanceof AppError) {
      const details = (error.details.errors as { path: string; message: string }[] | undefined) ?? [];
      deps.out([error.message, ...details.map((d) => `  ${d.path}: ${d.message}`)].join('\n'));
      return 1;
    }
    if (error instanceof Error && error.name === 'ZodError') {
      const issues = (error as Error & { issues: { path: PropertyKey[]; message: string }[] }).issues;
      deps.out(
        [
          'Some options are not valid:',
          ...issues.map((i) => `  ${i.path.join('.') || 'input'}: ${i.message}`),
        ].join('\n'),
      );
      return 1;
    }
    throw error;
  }
}
