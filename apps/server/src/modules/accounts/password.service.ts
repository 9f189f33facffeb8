import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { hashPassword, verifyPassword } from '../../platform/crypto/passwords.js';
import { hit } from '../../platform/auth/rate-limit.js';
import { endOtherSessions } from '../../platform/auth/sessions.js';
import { queueEmail } from '../../platform/notify/outbox.js';
import {
  consumeToken,
  findUserByEmail,
  findUserById,
  issueToken,
  type UserRow,
} from './accounts.repository.js';
import { securityNotice } from './totp.service.js';
import { sql } from 'kysely';

/** Emails a one-hour, single-use link to choose a new password. */
export async function sendResetLink(scope: Scope, platform: Platform, user: UserRow) {
  const token = await issueToken(scope.tx, scope.tenant.id, user.id, 'password_reset', '1 hour');
  await queueEmail(scope, platform.jobs, {
    to: user.email,
    userId: user.id,
    template: 'password_reset',
    locale: user.locale as 'en' | 'es',
    data: { givenName: user.given_name, link: `${platform.config.publicUrl}/reset-password?token=${token}` },
  });
}

/** Always the same answer, whether or not the address has an account. */
export async function requestPasswordReset(scope: Scope, platform: Platform, email: string) {
  await hit(scope.tx, scope.tenant.id, { bucket: `reset:ip:${scope.meta.ip}`, max: 10, windowSeconds: 900 });
  const user = await findUserByEmail(scope.tx, email);
  if (!user || user.disabled_at) return;
  await sendResetLink(scope, platform, user);
}

/** A reset proves control of the mailbox: it also verifies the email and lifts a lockout. */
export async function confirmPasswordReset(
  scope: Scope,
  platform: Platform,
  token: string,
  password: string,
) {
  const userId = await consumeToken(scope.tx, token, 'password_reset');
  if (!userId)
    throw new AppError('invalid_token', 'This reset link is not valid any more. Ask for a new one.');
  await scope.tx
    .updateTable('users')
    .set({
      password_hash: await hashPassword(password),
      failed_sign_ins: 0,
      locked_until: null,
      email_verified_at: sql`coalesce(email_verified_at, now())`,
      updated_at: sql`now()`,
    })
    .where('id', '=', userId)
    .execute();
  await scope.tx
    .updateTable('auth_tokens')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('purpose', '=', 'password_reset')
    .where('used_at', 'is', null)
    .execute();
  await endOtherSessions(scope.tx, userId, null);
  const user = await findUserById(scope.tx, userId);
  if (user) await securityNotice(scope, platform, user, 'password_changed');
}

export async function changePassword(
  scope: Scope,
  platform: Platform,
  userId: string,
  sessionId: string,
  current: string,
  next: string,
) {
  const user = await findUserById(scope.tx, userId);
  if (!user?.password_hash || !(await verifyPassword(user.password_hash, current))) {
    throw new AppError('validation_failed', 'The current password is not right', {
      errors: [{ path: 'currentPassword', message: 'The current password is not right' }],
    });
  }
  await scope.tx
    .updateTable('users')
    .set({ password_hash: await hashPassword(next), updated_at: sql`now()` })
    .where('id', '=', userId)
    .execute();
  await endOtherSessions(scope.tx, userId, sessionId);
  await securityNotice(scope, platform, user, 'password_changed');
}
