import { generateSecret, generateURI, verify } from 'otplib';
import { randomBytes } from 'node:crypto';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { hashToken } from '../../platform/crypto/tokens.js';
import { queueEmail } from '../../platform/notify/outbox.js';
import { notify } from '../../platform/notify/notifications.js';
import { findUserById, lockUser, type UserRow } from './accounts.repository.js';
import { sql } from 'kysely';

const RECOVERY_CODES = 10;

/** One TOTP step of tolerance each way covers phones whose clocks drift a little. */
async function verifyTotp(secret: string, code: string, lastStep: number | null) {
  const result = await verify({
    secret,
    token: code,
    epochTolerance: 30,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid ? ((result as { timeStep?: number }).timeStep ?? null) : false;
}

/** 60-bit recovery codes read like abcd-efgh-ijkl (no look-alike letters). */
function recoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

const normalizeRecovery = (code: string) => code.trim().toLowerCase().replace(/\s+/g, '');

/** Checks a 6-digit code (no replay of a used step) or spends a recovery code. */
export async function checkSecondFactor(
  scope: Scope,
  platform: Platform,
  user: UserRow,
  code: string,
): Promise<boolean> {
  if (!user.totp_secret || !user.totp_enabled_at) return false;
  const trimmed = code.trim();
  if (/^\d{6}$/.test(trimmed)) {
    const step = await verifyTotp(platform.keyring.decrypt(user.totp_secret), trimmed, user.totp_last_step);
    if (step === false) return false;
    await scope.tx.updateTable('users').set({ totp_last_step: step }).where('id', '=', user.id).execute();
    return true;
  }
  const spent = await scope.tx
    .updateTable('recovery_codes')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', user.id)
    .where('code_hash', '=', hashToken(normalizeRecovery(trimmed)))
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return spent !== undefined;
}

export async function startTotpSetup(scope: Scope, platform: Platform, userId: string) {
  const user = await findUserById(scope.tx, userId);
  if (!user) throw new AppError('unauthenticated', 'Please sign in');
  if (user.totp_enabled_at) throw new AppError('conflict', 'Two-factor sign-in is already on');
  const secret = generateSecret();
  await scope.tx
    .updateTable('users')
    .set({ totp_secret: platform.keyring.encrypt(secret) })
    .where('id', '=', userId)
    .execute();
  const otpauthUri = generateURI({ issuer: `Accompany (${scope.tenant.name})`, label: user.email, secret });
  return { secret, otpauthUri };
}

export async function enableTotp(scope: Scope, platform: Platform, userId: string, code: string) {
  const user = await lockUser(scope.tx, userId);
  if (!user?.totp_secret) throw new AppError('conflict', 'Start the two-factor set-up first');
  if (user.totp_enabled_at) throw new AppError('conflict', 'Two-factor sign-in is already on');
  const step = await verifyTotp(platform.keyring.decrypt(user.totp_secret), code, null);
  if (step === false)
    throw new AppError(
      'invalid_code',
      'That code is not right. Check the time on your phone and try the newest code.',
    );
  await scope.tx
    .updateTable('users')
    .set({ totp_enabled_at: sql`now()`, totp_last_step: step })
    .where('id', '=', userId)
    .execute();
  const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
  await scope.tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await scope.tx
    .insertInto('recovery_codes')
    .values(
      codes.map((c) => ({
        tenant_id: scope.tenant.id,
        user_id: userId,
        code_hash: hashToken(normalizeRecovery(c)),
      })),
    )
    .execute();
  await securityNotice(scope, platform, user, 'totp_enabled');
  return { recoveryCodes: codes };
}

export async function disableTotp(scope: Scope, platform: Platform, userId: string, code: string) {
  const user = await lockUser(scope.tx, userId);
  if (!user?.totp_enabled_at) throw new AppError('conflict', 'Two-factor sign-in is not on');
  if (user.role !== 'patient') throw new AppError('forbidden', 'Staff accounts must keep two-factor sign-in');
  if (!(await checkSecondFactor(scope, platform, user, code)))
    throw new AppError('invalid_code', 'That code is not right');
  await scope.tx
    .updateTable('users')
    .set({ totp_enabled_at: null, totp_secret: null, totp_last_step: null })
    .where('id', '=', userId)
    .execute();
  await scope.tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await securityNotice(scope, platform, user, 'totp_disabled');
}

export async function securityNotice(
  scope: Scope,
  platform: Platform,
  user: UserRow,
  event: 'totp_enabled' | 'totp_disabled' | 'password_changed' | 'passkey_added',
) {
  await queueEmail(scope, platform.jobs, {
    to: user.email,
    userId: user.id,
    template: 'security_notice',
    locale: user.locale as 'en' | 'es',
    data: { givenName: user.given_name, event },
  });
  const titles = {
    en: {
      totp_enabled: 'Two-factor sign-in is on',
      totp_disabled: 'Two-factor sign-in is off',
      password_changed: 'Your password was changed',
      passkey_added: 'A passkey was added',
    },
    es: {
      totp_enabled: 'El acceso en dos pasos está activado',
      totp_disabled: 'El acceso en dos pasos está desactivado',
      password_changed: 'Se cambió su contraseña',
      passkey_added: 'Se agregó una llave de acceso',
    },
  } as const;
  const locale = user.locale === 'es' ? 'es' : 'en';
  await notify(scope, {
    userId: user.id,
    kind: 'security',
    title: titles[locale][event],
    body:
      locale === 'es'
        ? 'Si no fue usted, cambie su contraseña.'
        : 'If this was not you, change your password.',
    link: '/account/security',
  });
}
