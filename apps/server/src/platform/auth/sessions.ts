import type { Role } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import type { RequestMeta } from '../http/context.js';
import { hashToken, randomToken } from '../crypto/tokens.js';

export type SessionStage = 'active' | 'totp_pending';

export interface SessionRecord {
  id: string;
  stage: SessionStage;
  csrfToken: string;
  user: {
    id: string;
    email: string;
    givenName: string;
    familyName: string;
    role: Role;
    locale: 'en' | 'es';
    patientId: string | null;
    emailVerified: boolean;
    totpEnabled: boolean;
  };
}

// A totp_pending session lives only long enough to type a code.
const PENDING_MINUTES = 10;
// last_seen_at is refreshed at most this often, so reads do not turn into writes. An idle limit
// is therefore honoured to within this much (the shortest allowed limit is 10 minutes).
const TOUCH_AFTER_MS = 2 * 60_000;

export async function createSession(
  tx: Tx,
  tenantId: string,
  userId: string,
  stage: SessionStage,
  ttlHours: number,
  meta: RequestMeta,
  idleMinutes = 60,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const ttl = stage === 'active' ? `${ttlHours} hours` : `${PENDING_MINUTES} minutes`;
  await tx
    .insertInto('sessions')
    .values({
      tenant_id: tenantId,
      user_id: userId,
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      stage,
      expires_at: sql<Date>`now() + ${ttl}::interval`,
      idle_minutes: idleMinutes,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 400) ?? null,
    })
    .execute();
  return { token, csrfToken };
}

export async function findSession(tx: Tx, token: string): Promise<SessionRecord | null> {
  const row = await tx
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.stage',
      's.csrf_token',
      's.last_seen_at',
      'u.id as user_id',
      'u.email',
      'u.given_name',
      'u.family_name',
      'u.role',
      'u.locale',
      'u.patient_id',
      'u.email_verified_at',
      'u.totp_enabled_at',
    ])
    .where('s.token_hash', '=', hashToken(token))
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.last_seen_at', '>', sql<Date>`now() - make_interval(mins => s.idle_minutes)`)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (Date.now() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
    await tx
      .updateTable('sessions')
      .set({ last_seen_at: sql`now()` })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    id: row.id,
    stage: row.stage as SessionStage,
    csrfToken: row.csrf_token,
    user: {
      id: row.user_id,
      email: row.email,
      givenName: row.given_name,
      familyName: row.family_name,
      role: row.role as Role,
      locale: row.locale as 'en' | 'es',
      patientId: row.patient_id,
      emailVerified: row.email_verified_at !== null,
      totpEnabled: row.totp_enabled_at !== null,
    },
  };
}

export async function endSession(tx: Tx, sessionId: string): Promise<void> {
  await tx.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** After a password change or reset every other session of the user ends. */
export async function endOtherSessions(tx: Tx, userId: string, keepSessionId: string | null): Promise<void> {
  let q = tx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  await q.execute();
}
