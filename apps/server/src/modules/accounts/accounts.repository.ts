import type { Role, SessionUser } from '@accompany/contracts';
import { sql, type Selectable } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/database.js';
import { hashToken, randomToken } from '../../platform/crypto/tokens.js';

const userColumns = [
  'id',
  'email',
  'password_hash',
  'role',
  'given_name',
  'family_name',
  'phone',
  'locale',
  'patient_id',
  'email_verified_at',
  'totp_secret',
  'totp_enabled_at',
  'totp_last_step',
  'failed_sign_ins',
  'locked_until',
  'disabled_at',
  'last_sign_in_at',
  'created_at',
] as const;

/** The columns of a user row that accounts work with, typed from the schema. */
export type UserRow = Pick<Selectable<Database['users']>, (typeof userColumns)[number]>;

export const findUserByEmail = (tx: Tx, email: string) =>
  tx.selectFrom('users').select(userColumns).where('email', '=', email).executeTakeFirst() as Promise<
    UserRow | undefined
  >;

export const findUserById = (tx: Tx, id: string) =>
  tx.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst() as Promise<
    UserRow | undefined
  >;

/** Locks the row for the rest of the transaction: concurrent guesses are counted one by one. */
export const lockUser = (tx: Tx, id: string) =>
  tx.selectFrom('users').select(userColumns).where('id', '=', id).forUpdate().executeTakeFirst() as Promise<
    UserRow | undefined
  >;

export function toSessionUser(u: UserRow): SessionUser {
  const role = u.role as Role;
  return {
    id: u.id,
    email: u.email,
    givenName: u.given_name,
    familyName: u.family_name,
    role,
    locale: u.locale as 'en' | 'es',
    emailVerified: u.email_verified_at !== null,
    totpEnabled: u.totp_enabled_at !== null,
    mustEnrolTotp: role !== 'patient' && u.totp_enabled_at === null,
    patientId: u.patient_id,
  };
}

export type TokenPurpose = 'verify_email' | 'password_reset';

/** A single-use link secret; only its hash is stored. */
export async function issueToken(
  tx: Tx,
  tenantId: string,
  userId: string,
  purpose: TokenPurpose,
  ttl: string,
) {
  const token = randomToken();
  await tx
    .insertInto('auth_tokens')
    .values({
      tenant_id: tenantId,
      user_id: userId,
      purpose,
      token_hash: hashToken(token),
      expires_at: sql<Date>`now() + ${ttl}::interval`,
    })
    .execute();
  return token;
}

/** Marks the token used and returns its user, or null when unknown, used or expired. */
export async function consumeToken(tx: Tx, token: string, purpose: TokenPurpose): Promise<string | null> {
  const row = await tx
    .updateTable('auth_tokens')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}
