import type { z } from 'zod';
import type { RegisterBody } from '@accompany/contracts';
import { sql } from 'kysely';
import { randomInt } from 'node:crypto';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { hashPassword } from '../../platform/crypto/passwords.js';
import { checkLimit, countHit, hit } from '../../platform/auth/rate-limit.js';
import { queueEmail } from '../../platform/notify/outbox.js';
import { audit } from '../../platform/audit/audit.js';
import { consumeToken, findUserByEmail, findUserById, issueToken } from './accounts.repository.js';
import { sendResetLink } from './password.service.js';

type Registration = z.output<typeof RegisterBody>;

export function checkBirthDate(birthDate: string, today = new Date()): void {
  const d = new Date(`${birthDate}T00:00:00Z`);
  const oldest = new Date(Date.UTC(today.getUTCFullYear() - 130, today.getUTCMonth(), today.getUTCDate()));
  if (Number.isNaN(d.getTime()) || d > today || d < oldest) {
    throw new AppError('validation_failed', 'Check the date of birth', {
      errors: [{ path: 'birthDate', message: 'Enter a real date of birth, not in the future' }],
    });
  }
}

/** A medical record number: a letter and seven digits, unique within the tenant. */
const newMrn = () => `P${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;

/**
 * A new patient row under a random medical record number. A number already taken in the
 * tenant is skipped (ON CONFLICT DO NOTHING) and another drawn, so a collision never fails
 * the sign-up.
 */
async function insertPatient(scope: Scope, input: Registration) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const row = await scope.tx
      .insertInto('patients')
      .values({
        tenant_id: scope.tenant.id,
        mrn: newMrn(),
        given_name: input.givenName,
        family_name: input.familyName,
        birth_date: input.birthDate,
        email: input.email,
        preferred_locale: input.locale,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'mrn']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return row;
  }
  throw new Error('No free medical record number after 10 draws');
}

/**
 * A patient signs up: a patient record and an account linked to it, unverified until the
 * emailed link is used. An address that already has an account gets the same answer (no
 * account discovery) and a mail pointing at password reset instead.
 */
export async function register(scope: Scope, platform: Platform, input: Registration): Promise<void> {
  // Checked first, counted last: the counter row is not held locked while the password hashes.
  const limit = { bucket: `register:ip:${scope.meta.ip}`, max: 20, windowSeconds: 3600 };
  await checkLimit(scope.tx, scope.tenant.id, limit);
  checkBirthDate(input.birthDate);
  await registerAccount(scope, platform, input);
  await countHit(scope.tx, scope.tenant.id, limit);
}

async function registerAccount(scope: Scope, platform: Platform, input: Registration): Promise<void> {
  const existing = await findUserByEmail(scope.tx, input.email);
  if (existing) {
    await sendResetLink(scope, platform, existing);
    return;
  }
  const passwordHash = await hashPassword(input.password);
  const patient = await insertPatient(scope, input);
  const user = await scope.tx
    .insertInto('users')
    .values({
      tenant_id: scope.tenant.id,
      email: input.email,
      password_hash: passwordHash,
      role: 'patient',
      given_name: input.givenName,
      family_name: input.familyName,
      locale: input.locale,
      patient_id: patient.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(
    { ...scope, actor: { userId: user.id, role: 'patient', patientId: patient.id } },
    {
      action: 'create',
      objectType: 'Patient',
      objectId: patient.id,
      patientId: patient.id,
    },
  );
  await sendVerification(scope, platform, user.id);
}

export async function sendVerification(scope: Scope, platform: Platform, userId: string): Promise<void> {
  const user = await findUserById(scope.tx, userId);
  if (!user || user.email_verified_at) return;
  const token = await issueToken(scope.tx, scope.tenant.id, user.id, 'verify_email', '24 hours');
  await queueEmail(scope, platform.jobs, {
    to: user.email,
    userId: user.id,
    template: 'verify_email',
    locale: user.locale as 'en' | 'es',
    data: { givenName: user.given_name, link: `${platform.config.publicUrl}/verify-email?token=${token}` },
  });
}

export async function resendVerification(scope: Scope, platform: Platform, email: string): Promise<void> {
  await hit(scope.tx, scope.tenant.id, {
    bucket: `resend:ip:${scope.meta.ip}`,
    max: 10,
    windowSeconds: 3600,
  });
  const user = await findUserByEmail(scope.tx, email);
  if (user) await sendVerification(scope, platform, user.id);
}

export async function verifyEmail(scope: Scope, token: string): Promise<void> {
  const userId = await consumeToken(scope.tx, token, 'verify_email');
  if (!userId) throw new AppError('invalid_token', 'This link is not valid any more. Ask for a new one.');
  await scope.tx
    .updateTable('users')
    .set({ email_verified_at: sql`coalesce(email_verified_at, now())` })
    .where('id', '=', userId)
    .execute();
}
