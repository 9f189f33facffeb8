import type { Invitation, Role } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { hashPassword } from '../../platform/crypto/passwords.js';
import { hashToken, randomToken } from '../../platform/crypto/tokens.js';
import { queueEmail } from '../../platform/notify/outbox.js';

const roleNames = {
  en: {
    front_desk: 'front desk',
    clinician: 'clinician',
    billing: 'billing',
    admin: 'administrator',
    patient: 'patient',
  },
  es: {
    front_desk: 'recepción',
    clinician: 'personal clínico',
    billing: 'facturación',
    admin: 'administración',
    patient: 'paciente',
  },
} as const;

type Row = {
  id: string;
  email: string;
  role: string;
  given_name: string;
  family_name: string;
  expires_at: Date;
  accepted_at: Date | null;
  created_at: Date;
};

const toInvitation = (r: Row): Invitation => ({
  id: r.id,
  email: r.email,
  role: r.role as Role,
  givenName: r.given_name,
  familyName: r.family_name,
  status: r.accepted_at ? 'accepted' : r.expires_at.getTime() < Date.now() ? 'expired' : 'pending',
  expiresAt: r.expires_at.toISOString(),
  createdAt: r.created_at.toISOString(),
});

const fields = [
  'id',
  'email',
  'role',
  'given_name',
  'family_name',
  'expires_at',
  'accepted_at',
  'created_at',
] as const;

export async function listInvitations(scope: Scope) {
  const rows = await scope.tx
    .selectFrom('invitations')
    .select(fields)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return { items: rows.map(toInvitation) };
}

export async function invite(
  scope: Scope,
  platform: Platform,
  input: { email: string; role: string; givenName: string; familyName: string; locale: 'en' | 'es' },
) {
  const taken = await scope.tx
    .selectFrom('users')
    .select('id')
    .where('email', '=', input.email)
    .executeTakeFirst();
  if (taken) throw new AppError('conflict', 'Someone already has an account with this email');
  const token = randomToken();
  const row = await scope.tx
    .insertInto('invitations')
    .values({
      tenant_id: scope.tenant.id,
      email: input.email,
      role: input.role,
      given_name: input.givenName,
      family_name: input.familyName,
      locale: input.locale,
      token_hash: hashToken(token),
      invited_by: scope.actor?.userId ?? null,
      expires_at: sql<Date>`now() + interval '7 days'`,
    })
    .returning(fields)
    .executeTakeFirstOrThrow();
  await queueEmail(scope, platform.jobs, {
    to: input.email,
    userId: null,
    template: 'invitation',
    locale: input.locale,
    data: {
      givenName: input.givenName,
      role: roleNames[input.locale][input.role as Role],
      link: `${platform.config.publicUrl}/invitation?token=${token}`,
    },
  });
  return toInvitation(row);
}

async function openInvitation(scope: Scope, token: string) {
  const row = await scope.tx
    .selectFrom('invitations')
    .select([...fields, 'locale'])
    .where('token_hash', '=', hashToken(token))
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) throw new AppError('invalid_token', 'This invitation is not valid any more. Ask for a new one.');
  return row;
}

export async function previewInvitation(scope: Scope, token: string) {
  const row = await openInvitation(scope, token);
  return {
    email: row.email,
    role: row.role as Role,
    givenName: row.given_name,
    tenantName: scope.tenant.name,
  };
}

/** The invited person chooses a password; the account starts verified (the link proved the mailbox). */
export async function acceptInvitation(scope: Scope, token: string, password: string) {
  const row = await openInvitation(scope, token);
  const taken = await scope.tx
    .selectFrom('users')
    .select('id')
    .where('email', '=', row.email)
    .executeTakeFirst();
  if (taken) throw new AppError('conflict', 'An account with this email already exists');
  await scope.tx
    .insertInto('users')
    .values({
      tenant_id: scope.tenant.id,
      email: row.email,
      password_hash: await hashPassword(password),
      role: row.role,
      given_name: row.given_name,
      family_name: row.family_name,
      locale: row.locale,
      email_verified_at: sql`now()`,
    })
    .execute();
  await scope.tx
    .updateTable('invitations')
    .set({ accepted_at: sql`now()` })
    .where('id', '=', row.id)
    .execute();
}
