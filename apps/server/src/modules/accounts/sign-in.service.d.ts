import type { SignInResult } from '@accompany/contracts';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { type SessionRecord } from '../../platform/auth/sessions.js';
import { type UserRow } from './accounts.repository.js';
export interface SignInOutcome {
    result: SignInResult;
    /** The new session's bearer token, for the cookie. */
    token: string;
}
/**
 * Counts a failed attempt on the locked user row; at the threshold the account locks.
 * The row lock makes concurrent guesses from several processes count one by one.
 */
export declare function recordFailure(scope: Scope, platform: Platform, user: UserRow): Promise<AppError>;
export declare const isLocked: (user: UserRow) => boolean;
/**
 * Password sign-in under a per-address limit. The attempt is checked against the limit
 * first and counted last, so the counter row is not locked while the password hash runs
 * (patients behind one clinic network would otherwise sign in one at a time).
 */
export declare function signInWithPassword(scope: Scope, platform: Platform, email: string, password: string): Promise<SignInOutcome>;
export declare function completeSignIn(scope: Scope, platform: Platform, user: UserRow): Promise<SignInOutcome>;
/** The second step: a TOTP code or a recovery code turns the pending session into a real one. */
export declare function signInWithSecondFactor(scope: Scope, platform: Platform, pending: SessionRecord, code: string): Promise<SignInOutcome>;
