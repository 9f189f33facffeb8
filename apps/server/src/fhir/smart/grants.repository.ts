import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import { recordKey, revokeRecordsOfGrant } from './oauth-records.js';

export async function grantPatient(tx: Tx, grantId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('smart_grants')
    .select('patient_id')
    .where('id', '=', grantId)
    .executeTakeFirst();
  return row?.patient_id ?? null;
}

export async function insertGrant(
  tx: Tx,
  grant: {
    tenantId: string;
    id: string;
    clientId: string;
    userId: string;
    patientId: string | null;
    scopes: string[];
  },
) {
  await tx
    .insertInto('smart_grants')
    .values({
      tenant_id: grant.tenantId,
      id: grant.id,
      client_id: grant.clientId,
      user_id: grant.userId,
      patient_id: grant.patientId,
      scopes: grant.scopes,
    })
    .execute();
}

/** Live grants of one user, newest first, with the app's name. */
export async function listUserGrants(tx: Tx, userId: string) {
  return tx
    .selectFrom('smart_grants as g')
    .innerJoin('smart_clients as c', 'c.client_id', 'g.client_id')
    .select(['g.id', 'g.client_id', 'c.name', 'g.scopes', 'g.created_at', 'g.last_used_at'])
    .where('g.user_id', '=', userId)
    .where('g.revoked_at', 'is', null)
    .orderBy('g.created_at', 'desc')
    .execute();
}

/** Marks the grant revoked and deletes every code, token and refresh token made from it. */
export async function revokeGrant(
  tx: Tx,
  grantId: string,
  userId: string | null,
): Promise<{ clientId: string; patientId: string | null } | null> {
  let q = tx
    .updateTable('smart_grants')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', '=', grantId)
    .where('revoked_at', 'is', null);
  if (userId) q = q.where('user_id', '=', userId);
  const row = await q.returning(['client_id', 'patient_id']).executeTakeFirst();
  if (!row) return null;
  await revokeRecordsOfGrant(tx, grantId);
  return { clientId: row.client_id, patientId: row.patient_id };
}

/** Earlier live grants of the same user to the same app (a new consent replaces them). */
export async function liveGrantsOf(tx: Tx, userId: string, clientId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('smart_grants')
    .select('id')
    .where('user_id', '=', userId)
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

export interface LiveToken {
  model: string;
  payload: Record<string, unknown>;
}

/** A live access token (authorization code or client credentials) by its value. */
export async function findLiveAccessToken(tx: Tx, token: string): Promise<LiveToken | undefined> {
  return tx
    .selectFrom('oauth_records')
    .select(['model', 'payload'])
    .where('model', 'in', ['AccessToken', 'ClientCredentials'])
    .where((eb) =>
      eb.or([
        eb.and([eb('model', '=', 'AccessToken'), eb('id', '=', recordKey('AccessToken', token))]),
        eb.and([eb('model', '=', 'ClientCredentials'), eb('id', '=', recordKey('ClientCredentials', token))]),
      ]),
    )
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Notes that the grant was used, at most once a minute (a read should not write every time). */
export async function touchGrant(tx: Tx, grantId: string) {
  await tx
    .updateTable('smart_grants')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', grantId)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
      ]),
    )
    .execute();
}
