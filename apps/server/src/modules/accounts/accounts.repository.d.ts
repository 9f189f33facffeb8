import type { SessionUser } from '@accompany/contracts';
import { type Selectable } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/database.js';
declare const userColumns: readonly ["id", "email", "password_hash", "role", "given_name", "family_name", "phone", "locale", "patient_id", "email_verified_at", "totp_secret", "totp_enabled_at", "totp_last_step", "failed_sign_ins", "locked_until", "disabled_at", "last_sign_in_at", "created_at"];
/** The columns of a user row that accounts work with, typed from the schema. */
export type UserRow = Pick<Selectable<Database['users']>, (typeof userColumns)[number]>;
export declare const findUserByEmail: (tx: Tx, email: string) => Promise<UserRow | undefined>;
export declare const findUserById: (tx: Tx, id: string) => Promise<UserRow | undefined>;
/** Locks the row for the rest of the transaction: concurrent guesses are counted one by one. */
export declare const lockUser: (tx: Tx, id: string) => Promise<UserRow | undefined>;
export declare function toSessionUser(u: UserRow): SessionUser;
export type TokenPurpose = 'verify_email' | 'password_reset';
/** A single-use link secret; only its hash is stored. */
export declare function issueToken(tx: Tx, tenantId: string, userId: string, purpose: TokenPurpose, ttl: string): Promise<string>;
/** Marks the token used and returns its user, or null when unknown, used or expired. */
export declare function consumeToken(tx: Tx, token: string, purpose: TokenPurpose): Promise<string | null>;
export {};
