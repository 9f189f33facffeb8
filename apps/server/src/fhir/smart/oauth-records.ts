import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/db/database.js';
import { inTenant } from '../../platform/db/database.js';
import { hashToken } from '../../platform/crypto/tokens.js';

/**
 * The OAuth server's records (oidc-provider "models") in PostgreSQL, per tenant. Codes and
 * tokens are bearer credentials: they are keyed by the hash of their value and their payload
 * is stored without it, so a database leak cannot replay them.
 */
export type OAuthPayload = Record<string, unknown> & {
  jti?: string;
  exp?: number;
  grantId?: string;
  uid?: string;
  consumed?: number;
};

const CREDENTIALS = new Set(['AccessToken', 'RefreshToken', 'AuthorizationCode', 'ClientCredentials']);

/** What an id is stored under: the hash for credentials, the id itself otherwise. */
export const recordKey = (model: string, id: string) => (CREDENTIALS.has(model) ? hashToken(id) : id);

/** Ids arrive from the network: anything odd is simply not found (never a database error). */
const plausible = (id: unknown): id is string =>
  typeof id === 'string' && id.length > 0 && id.length <= 512 && !id.includes('\0');

export async function findRecord(
  tx: Tx,
  model: string,
  id: string,
  forUpdate = false,
): Promise<OAuthPayload | undefined> {
  if (!plausible(id)) return undefined;
  let q = tx
    .selectFrom('oauth_records')
    .select(['payload'])
    .where('model', '=', model)
    .where('id', '=', recordKey(model, id))
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]));
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  return { ...row.payload, jti: id } as OAuthPayload;
}

export async function saveRecord(
  tx: Tx,
  tenantId: string,
  model: string,
  id: string,
  payload: OAuthPayload,
  expiresInSeconds: number | undefined,
) {
  const stored = { ...payload };
  if (CREDENTIALS.has(model)) delete stored.jti;
  const expiresAt = expiresInSeconds ? new Date(Date.now() + expiresInSeconds * 1000) : null;
  const values = {
    payload: JSON.stringify(stored),
    grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
    uid: typeof payload.uid === 'string' ? payload.uid : null,
    expires_at: expiresAt,
  };
  await tx
    .insertInto('oauth_records')
    .values({ tenant_id: tenantId, model, id: recordKey(model, id), ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'model', 'id']).doUpdateSet(values))
    .execute();
}

/** Deletes a bounded batch of records that expired over an hour ago. */
export async function purgeExpired(tx: Tx, batch = 200) {
  await tx
    .deleteFrom('oauth_records')
    .where(({ eb, refTuple, selectFrom }) =>
      eb(
        refTuple('model', 'id'),
        'in',
        selectFrom('oauth_records')
          .select(['model', 'id'])
          .where('expires_at', '<', sql<Date>`now() - interval '1 hour'`)
          .limit(batch)
          .$asTuple('model', 'id'),
      ),
    )
    .execute();
}

/** Ends every code, token and refresh token of a grant, and the grant itself. */
export async function revokeRecordsOfGrant(tx: Tx, grantId: string) {
  await tx
    .deleteFrom('oauth_records')
    .where((eb) =>
      eb.or([eb('grant_id', '=', grantId), eb.and([eb('model', '=', 'Grant'), eb('id', '=', grantId)])]),
    )
    .execute();
}

/** The oidc-provider adapter for one model of one tenant; each call is its own transaction. */
export class OAuthRecordAdapter {
  constructor(
    private readonly db: Db,
    private readonly tenantId: string,
    private readonly model: string,
  ) {}

  private run<T>(work: (tx: Tx) => Promise<T>) {
    return inTenant(this.db, this.tenantId, work);
  }

  upsert(id: string, payload: OAuthPayload, expiresIn: number | undefined) {
    return this.run(async (tx) => {
      await saveRecord(tx, this.tenantId, this.model, id, payload, expiresIn);
      // Each launch starts with a new interaction: a good moment to clear some expired
      // records, so the table stays in proportion to what is live without a scheduled job.
      if (this.model === 'Interaction') await purgeExpired(tx);
    });
  }

  find(id: string) {
    return this.run((tx) => findRecord(tx, this.model, id));
  }

  findByUid(uid: string) {
    if (!plausible(uid)) return Promise.resolve(undefined);
    return this.run(async (tx) => {
      const row = await tx
        .selectFrom('oauth_records')
        .select(['payload', 'id'])
        .where('model', '=', this.model)
        .where('uid', '=', uid)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
        .executeTakeFirst();
      // Only sessions are looked up by uid, and their id is kept as is.
      return row ? ({ ...row.payload, jti: row.id } as OAuthPayload) : undefined;
    });
  }

  findByUserCode() {
    // Device flow is not enabled.
    return Promise.resolve(undefined);
  }

  consume(id: string) {
    if (!plausible(id)) return Promise.resolve();
    return this.run(async (tx) => {
      await tx
        .updateTable('oauth_records')
        .set({
          consumed_at: sql<Date>`now()`,
          payload: sql`payload || jsonb_build_object('consumed', extract(epoch from now())::bigint)`,
        })
        .where('model', '=', this.model)
        .where('id', '=', recordKey(this.model, id))
        .execute();
    });
  }

  destroy(id: string) {
    if (!plausible(id)) return Promise.resolve();
    return this.run(async (tx) => {
      await tx
        .deleteFrom('oauth_records')
        .where('model', '=', this.model)
        .where('id', '=', recordKey(this.model, id))
        .execute();
    });
  }

  /** The OAuth server ends a grant (a refresh token revoked, a code replayed): so do we. */
  revokeByGrantId(grantId: string) {
    if (!plausible(grantId)) return Promise.resolve();
    return this.run(async (tx) => {
      await revokeRecordsOfGrant(tx, grantId);
      await tx
        .updateTable('smart_grants')
        .set({ revoked_at: sql<Date>`now()` })
        .where('id', '=', grantId)
        .where('revoked_at', 'is', null)
        .execute();
    });
  }
}
