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

/**
 * A live access token by its value, with what decides whether it still stands: its client
 * (not retired) and, for patient tokens, its grant (not revoked). One statement, because the
 * FHIR door asks this on every request.
 */
export function liveAccessTokenQuery(tx: Tx, token: string) {
  return (
    tx
      .selectFrom('oauth_records as t')
      .innerJoin('smart_clients as c', (join) =>
        join.on('c.client_id', '=', sql<string>`t.payload->>'clientId'`).on('c.disabled_at', 'is', null),
      )
      .leftJoin('smart_grants as g', (join) =>
        join.on('g.id', '=', sql<string>`t.payload->>'grantId'`).on('g.revoked_at', 'is', null),
      )
      .select([
        't.model',
        't.payload',
        'c.kind',
        'g.id as grant_id',
        'g.user_id',
        'g.patient_id',
        'g.scopes as grant_scopes',
        sql<boolean>`g.last_used_at is null or g.last_used_at < now() - interval '1 minute'`.as('stale_use'),
        // Everything the verdict on the token is read from (not its last use): two lookups with the
        // same fingerprint stand for the same grant (see fhir/early-record.ts).
        sql<string>`md5(row(t.model, t.payload, c.kind, g.id, g.user_id, g.patient_id, g.scopes)::text)`.as(
          'fingerprint',
        ),
      ])
      // Both models key the token the same way: by the hash of its value.
      .where('t.model', 'in', ['AccessToken', 'ClientCredentials'])
      .where('t.id', '=', recordKey('AccessToken', token))
      .where('t.expires_at', '>', sql<Date>`now()`)
  );
}

export type LiveAccessToken = Awaited<ReturnType<typeof findLiveAccessToken>>;

export async function findLiveAccessToken(tx: Tx, token: string) {
  return liveAccessTokenQuery(tx, token).executeTakeFirst();
}

/** The statement of touchGrant, for a caller that sends it with others. */
export function touchGrantQuery(tx: Tx, grantId: string) {
  return tx
    .updateTable('smart_grants')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', grantId)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
      ]),
    );
}

/** Notes that the grant was used, at most once a minute (a read should not write every time). */
export async function touchGrant(tx: Tx, grantId: string) {
  await touchGrantQuery(tx, grantId).execute();
}
