import type { SignInResult } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { burnPasswordCheck, verifyPassword } from '../../platform/crypto/passwords.js';
import { checkLimit, countHit } from '../../platform/auth/rate-limit.js';
import { createSession, endSession, type SessionRecord } from '../../platform/auth/sessions.js';
import { findUserByEmail, lockUser, toSessionUser, type UserRow } from './accounts.repository.js';
import { checkSecondFactor } from './totp.service.js';

export interface SignInOutcome {
  result: SignInResult;
  /** The new session's bearer token, for the cookie. */
  token: string;
}

const invalid = () =>
  new AppError('invalid_credentials', 'The email or password is not right', { keepWrites: true });

function lockedError(user: UserRow) {
  const seconds = Math.max(1, Math.ceil(((user.locked_until?.getTime() ?? Date.now()) - Date.now()) / 1000));
  return new AppError('account_locked', 'Too many failed attempts. The account is locked for a while.', {
    retryAfterSeconds: seconds,
    keepWrites: true,
  });
}

/**
 * Counts a failed attempt on the locked user row; at the threshold the account locks.
 * The row lock makes concurrent guesses from several processes count one by one.
 */
export async function recordFailure(scope: Scope, platform: Platform, user: UserRow): Promise<AppError> {
  const failures = user.failed_sign_ins + 1;
  const lock = failures >= platform.config.lockoutThreshold;
  const updated = await scope.tx
    .updateTable('users')
    .set({
      failed_sign_ins: lock ? 0 : failures,
      locked_until: lock
        ? sql<Date>`now() + make_interval(mins => ${platform.config.lockoutMinutes})`
        : user.locked_until,
    })
    .where('id', '=', user.id)
    .returning('locked_until')
    .executeTakeFirstOrThrow();
  return lock ? lockedError({ ...user, locked_until: updated.locked_until }) : invalid();
}

export const isLocked = (user: UserRow) =>
  user.locked_until !== null && user.locked_until.getTime() > Date.now();

/**
 * Password sign-in under a per-address limit. The attempt is checked against the limit
 * first and counted last, so the counter row is not locked while the password hash runs
 * (patients behind one clinic network would otherwise sign in one at a time).
 */
export async function signInWithPassword(
  scope: Scope,
  platform: Platform,
  email: string,
  password: string,
): Promise<SignInOutcome> {
  const limit = {
    bucket: `sign-in:ip:${scope.meta.ip}`,
    max: platform.config.signInIpLimit,
    windowSeconds: 900,
  };
  await checkLimit(scope.tx, scope.tenant.id, limit);
  let outcome: SignInOutcome;
  try {
    outcome = await passwordAttempt(scope, platform, email, password);
  } catch (error) {
    if (error instanceof AppError) await countHit(scope.tx, scope.tenant.id, limit);
    throw error;
  }
  await countHit(scope.tx, scope.tenant.id, limit);
  return outcome;
}

async function passwordAttempt(
  scope: Scope,
  platform: Platform,
  email: string,
  password: string,
): Promise<SignInOutcome> {
  const found = await findUserByEmail(scope.tx, email);
  const user = found && (await lockUser(scope.tx, found.id));
  if (!user || !user.password_hash || user.disabled_at) {
    await burnPasswordCheck(password);
    throw invalid();
  }
  if (isLocked(user)) {
    await burnPasswordCheck(password);
    throw lockedError(user);
  }
  if (!(await verifyPassword(user.password_hash, password))) throw await recordFailure(scope, platform, user);
  if (!user.email_verified_at) {
    throw new AppError('email_not_verified', 'Confirm your email first: use the link we sent you.');
  }
  await scope.tx
    .updateTable('users')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', user.id)
    .execute();
  if (user.totp_enabled_at) {
    const { token } = await createSession(scope.tx, scope.tenant.id, user.id, 'totp_pending', 1, scope.meta);
    return { token, result: { status: 'totp_required', user: null } };
  }
  return completeSignIn(scope, platform, user);
}

export async function completeSignIn(
  scope: Scope,
  platform: Platform,
  user: UserRow,
): Promise<SignInOutcome> {
  await scope.tx
    .updateTable('users')
    .set({ last_sign_in_at: sql`now()`, failed_sign_ins: 0 })
    .where('id', '=', user.id)
    .execute();
  const { token } = await createSession(
    scope.tx,
    scope.tenant.id,
    user.id,
    'active',
    platform.config.sessionTtlHours,
    scope.meta,
    user.role === 'patient' ? platform.config.patientIdleMinutes : platform.config.staffIdleMinutes,
  );
  return { token, result: { status: 'signed_in', user: toSessionUser(user) } };
}

/** The second step: a TOTP code or a recovery code turns the pending session into a real one. */
export async function signInWithSecondFactor(
  scope: Scope,
  platform: Platform,
  pending: SessionRecord,
  code: string,
): Promise<SignInOutcome> {
  const user = await lockUser(scope.tx, pending.user.id);
  if (!user || user.disabled_at) throw new AppError('unauthenticated', 'Please sign in again');
  if (isLocked(user)) {
    await endSession(scope.tx, pending.id);
    throw lockedError(user);
  }
  if (!(await checkSecondFactor(scope, platform, user, code))) {
    const error = await recordFailure(scope, platform, user);
    if (error.kind !== 'account_locked') {
      throw new AppError('invalid_code', 'That code is not right. Try the newest code from your app.', {
        keepWrites: true,
      });
    }
    await endSession(scope.tx, pending.id);
    throw error;
  }
  await endSession(scope.tx, pending.id);
  return completeSignIn(scope, platform, user);
}
