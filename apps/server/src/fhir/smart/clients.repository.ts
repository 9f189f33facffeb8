import { IDENTITY_SCOPES } from './scope-policy.js';
import type { Tx } from '../../platform/db/database.js';
import type { Keyring } from '../../platform/crypto/tokens.js';

export type ClientKind = 'app' | 'backend';
export type ClientAuthMethod = 'none' | 'client_secret_basic' | 'private_key_jwt';

export interface SmartClientRow {
  clientId: string;
  name: string;
  kind: ClientKind;
  authMethod: ClientAuthMethod;
  redirectUris: string[];
  scopes: string;
  jwks: { keys: Record<string, unknown>[] } | null;
  createdAt: Date;
  disabledAt: Date | null;
}

const columns = [
  'client_id',
  'name',
  'kind',
  'auth_method',
  'redirect_uris',
  'scopes',
  'jwks',
  'created_at',
  'disabled_at',
] as const;

type Row = {
  client_id: string;
  name: string;
  kind: ClientKind;
  auth_method: ClientAuthMethod;
  redirect_uris: string[];
  scopes: string;
  jwks: { keys: Record<string, unknown>[] } | null;
  created_at: Date;
  disabled_at: Date | null;
};

const toClient = (r: Row): SmartClientRow => ({
  clientId: r.client_id,
  name: r.name,
  kind: r.kind,
  authMethod: r.auth_method,
  redirectUris: r.redirect_uris,
  scopes: r.scopes,
  jwks: r.jwks,
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

export async function registeredScopes(tx: Tx, clientId: string): Promise<string> {
  const row = await tx
    .selectFrom('smart_clients')
    .select('scopes')
    .where('client_id', '=', clientId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return row?.scopes ?? '';
}

export async function findClient(tx: Tx, clientId: string): Promise<SmartClientRow | undefined> {
  const row = await tx
    .selectFrom('smart_clients')
    .select(columns)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row ? toClient(row as Row) : undefined;
}

export async function listClients(tx: Tx): Promise<SmartClientRow[]> {
  const rows = await tx.selectFrom('smart_clients').select(columns).orderBy('created_at', 'desc').execute();
  return rows.map((r) => toClient(r as Row));
}

export async function insertClient(
  tx: Tx,
  tenantId: string,
  client: Omit<SmartClientRow, 'createdAt' | 'disabledAt'> & {
    secretSealed: string | null;
    createdBy: string | null;
  },
) {
  await tx
    .insertInto('smart_clients')
    .values({
      tenant_id: tenantId,
      client_id: client.clientId,
      name: client.name,
      kind: client.kind,
      auth_method: client.authMethod,
      redirect_uris: client.redirectUris,
      scopes: client.scopes,
      secret_sealed: client.secretSealed,
      jwks: client.jwks ? JSON.stringify(client.jwks) : null,
      created_by: client.createdBy,
    })
    .execute();
}

export async function disableClient(tx: Tx, clientId: string): Promise<boolean> {
  const res = await tx
    .updateTable('smart_clients')
    .set({ disabled_at: new Date() })
    .where('client_id', '=', clientId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** The client as oidc-provider reads it (RFC 7591 metadata); undefined for unknown or disabled. */
export async function clientMetadata(tx: Tx, keyring: Keyring, clientId: string) {
  if (!/^[A-Za-z0-9._-]{3,100}$/.test(clientId)) return undefined;
  const row = await tx
    .selectFrom('smart_clients')
    .select([...columns, 'secret_sealed'])
    .where('client_id', '=', clientId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const isApp = row.kind === 'app';
  const identity = row.scopes
    .split(' ')
    .filter((s) => (IDENTITY_SCOPES as readonly string[]).includes(s))
    .join(' ');
  return {
    client_id: row.client_id,
    client_name: row.name,
    // oidc-provider knows only the identity scopes; data scopes are checked against the
    // registration when the resource server is resolved (see provider.ts).
    ...(identity ? { scope: identity } : {}),
    token_endpoint_auth_method: row.auth_method,
    grant_types: isApp ? ['authorization_code', 'refresh_token'] : ['client_credentials'],
    response_types: isApp ? ['code'] : [],
    redirect_uris: row.redirect_uris,
    ...(row.secret_sealed ? { client_secret: keyring.decrypt(row.secret_sealed) } : {}),
    ...(row.jwks ? { jwks: row.jwks } : {}),
  };
}
