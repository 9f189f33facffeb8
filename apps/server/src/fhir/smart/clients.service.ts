import { randomBytes } from 'node:crypto';
import type { CreateSmartClientBody, CreatedSmartClient, SmartClient } from '@accompany/contracts';
import { AppError } from '../../platform/errors.js';
import type { Tx } from '../../platform/db/database.js';
import type { Keyring } from '../../platform/crypto/tokens.js';
import { randomToken } from '../../platform/crypto/tokens.js';
import {
  disableClient,
  findClient,
  insertClient,
  listClients,
  type SmartClientRow,
} from './clients.repository.js';
import { parseClinicalScope } from './scopes.js';
import { IDENTITY_SCOPES, splitScopes } from './scope-policy.js';

/** Registration of SMART clients by an administrator (console or command line). */

const toContract = (c: SmartClientRow): SmartClient => ({
  clientId: c.clientId,
  name: c.name,
  kind: c.kind,
  authMethod: c.authMethod,
  redirectUris: c.redirectUris,
  scopes: c.scopes,
  createdAt: c.createdAt.toISOString(),
  disabledAt: c.disabledAt ? c.disabledAt.toISOString() : null,
});

/** Apps read a patient's compartment; systems act for the organization. Neither may mix. */
function checkScopes(kind: 'app' | 'backend', scopes: string) {
  const list = splitScopes(scopes);
  const errors: { path: string; message: string }[] = [];
  for (const s of list) {
    const clinical = parseClinicalScope(s);
    const ok =
      kind === 'app'
        ? (IDENTITY_SCOPES as readonly string[]).includes(s) || clinical?.context === 'patient'
        : clinical?.context === 'system';
    if (!ok || clinical?.query)
      errors.push({
        path: 'scopes',
        message:
          kind === 'app'
            ? `"${s}" is not a patient scope an app can have`
            : `"${s}" is not a system scope (e.g. system/*.rs)`,
      });
  }
  if (!list.some((s) => parseClinicalScope(s)))
    errors.push({ path: 'scopes', message: 'Give at least one data scope' });
  if (errors.length) throw new AppError('validation_failed', 'Some scopes cannot be registered', { errors });
  return [...new Set(list)].join(' ');
}

export async function createClient(
  tx: Tx,
  keyring: Keyring,
  tenantId: string,
  createdBy: string | null,
  body: CreateSmartClientBody,
): Promise<CreatedSmartClient> {
  const clientId = body.clientId ?? randomBytes(12).toString('base64url');
  if (await findClient(tx, clientId))
    throw new AppError('conflict', 'A client with this id already exists', {
      errors: [{ path: 'clientId', message: 'Choose another id' }],
    });
  const scopes = checkScopes(body.kind, body.scopes);
  const secret = body.kind === 'app' && body.confidential ? randomToken(32) : null;
  const row = {
    clientId,
    name: body.name,
    kind: body.kind,
    authMethod:
      body.kind === 'backend'
        ? ('private_key_jwt' as const)
        : secret
          ? ('client_secret_basic' as const)
          : ('none' as const),
    redirectUris: body.kind === 'app' ? body.redirectUris : [],
    scopes,
    jwks: body.kind === 'backend' ? { keys: body.jwks.keys as Record<string, unknown>[] } : null,
    secretSealed: secret ? keyring.encrypt(secret) : null,
    createdBy,
  };
  await insertClient(tx, tenantId, row);
  const stored = (await findClient(tx, clientId))!;
  return { ...toContract(stored), clientSecret: secret };
}

export async function clientsOfTenant(tx: Tx): Promise<SmartClient[]> {
  return (await listClients(tx)).map(toContract);
}

export async function retireClient(tx: Tx, clientId: string) {
  if (!(await disableClient(tx, clientId))) throw new AppError('not_found', 'No active client with this id');
}
