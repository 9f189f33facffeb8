import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Passkey } from '@accompany/contracts';
import { sql } from 'kysely';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { hit } from '../../platform/auth/rate-limit.js';
import { findUserByEmail, findUserById } from './accounts.repository.js';
import { completeSignIn, isLocked, type SignInOutcome } from './sign-in.service.js';
import { securityNotice } from './totp.service.js';

const CHALLENGE_TTL = '5 minutes';

function relyingParty(platform: Platform) {
  const url = new URL(platform.config.publicUrl);
  return { rpID: url.hostname, origin: url.origin, rpName: 'Accompany' };
}

async function saveChallenge(
  scope: Scope,
  userId: string | null,
  purpose: 'register' | 'sign_in',
  challenge: string,
) {
  const row = await scope.tx
    .insertInto('webauthn_challenges')
    .values({
      tenant_id: scope.tenant.id,
      user_id: userId,
      purpose,
      challenge,
      expires_at: sql<Date>`now() + ${CHALLENGE_TTL}::interval`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A challenge is good once: taking it deletes it. */
async function takeChallenge(scope: Scope, id: string, purpose: 'register' | 'sign_in') {
  const row = await scope.tx
    .deleteFrom('webauthn_challenges')
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning(['challenge', 'user_id'])
    .executeTakeFirst();
  if (!row) throw new AppError('invalid_token', 'The passkey request expired. Try again.');
  return row;
}

export async function listPasskeys(scope: Scope, userId: string): Promise<Passkey[]> {
  const rows = await scope.tx
    .selectFrom('passkeys')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  }));
}

export async function registrationOptions(scope: Scope, platform: Platform, userId: string) {
  const user = await findUserById(scope.tx, userId);
  if (!user) throw new AppError('unauthenticated', 'Please sign in');
  const existing = await scope.tx
    .selectFrom('passkeys')
    .select(['credential_id', 'transports'])
    .where('user_id', '=', userId)
    .execute();
  const rp = relyingParty(platform);
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: user.email,
    userDisplayName: `${user.given_name} ${user.family_name}`,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.credential_id })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  await scope.tx
    .deleteFrom('webauthn_challenges')
    .where('user_id', '=', userId)
    .where('purpose', '=', 'register')
    .execute();
  await saveChallenge(scope, userId, 'register', options.challenge);
  return options;
}

export async function registerPasskey(
  scope: Scope,
  platform: Platform,
  userId: string,
  response: unknown,
  name: string,
) {
  const pending = await scope.tx
    .selectFrom('webauthn_challenges')
    .select('id')
    .where('user_id', '=', userId)
    .where('purpose', '=', 'register')
    .executeTakeFirst();
  if (!pending) throw new AppError('invalid_token', 'Start adding the passkey again');
  const { challenge } = await takeChallenge(scope, pending.id, 'register');
  const rp = relyingParty(platform);
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    });
  } catch {
    throw new AppError('bad_request', 'The passkey could not be checked. Try again.');
  }
  if (!verified.verified) throw new AppError('bad_request', 'The passkey could not be verified');
  const { credential } = verified.registrationInfo;
  const row = await scope.tx
    .insertInto('passkeys')
    .values({
      tenant_id: scope.tenant.id,
      user_id: userId,
      credential_id: credential.id,
      public_key: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'credential_id']).doNothing())
    .returning(['id', 'name', 'created_at', 'last_used_at'])
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', 'This passkey is already registered');
  const user = await findUserById(scope.tx, userId);
  if (user) await securityNotice(scope, platform, user, 'passkey_added');
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString(), lastUsedAt: null };
}

export async function deletePasskey(scope: Scope, userId: string, passkeyId: string) {
  const gone = await scope.tx
    .deleteFrom('passkeys')
    .where('id', '=', passkeyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) throw new AppError('not_found', 'That passkey was not found');
}

/** Options for signing in; with no email the browser offers the passkeys it holds for this site. */
export async function signInOptions(scope: Scope, platform: Platform, email: string | undefined) {
  await hit(scope.tx, scope.tenant.id, {
    bucket: `passkey:ip:${scope.meta.ip}`,
    max: 60,
    windowSeconds: 900,
  });
  const user = email ? await findUserByEmail(scope.tx, email) : undefined;
  const allow = user
    ? await scope.tx.selectFrom('passkeys').select(['credential_id']).where('user_id', '=', user.id).execute()
    : [];
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(platform).rpID,
    userVerification: 'required',
    allowCredentials: allow.map((c) => ({ id: c.credential_id })),
  });
  const challengeId = await saveChallenge(scope, null, 'sign_in', options.challenge);
  return { options, challengeId };
}

export async function signInWithPasskey(
  scope: Scope,
  platform: Platform,
  challengeId: string,
  response: AuthenticationResponseJSON,
): Promise<SignInOutcome> {
  const { challenge } = await takeChallenge(scope, challengeId, 'sign_in');
  const stored =
    typeof response.id === 'string'
      ? await scope.tx
          .selectFrom('passkeys')
          .selectAll()
          .where('credential_id', '=', response.id)
          .executeTakeFirst()
      : undefined;
  if (!stored) throw new AppError('invalid_credentials', 'This passkey is not known here');
  const rp = relyingParty(platform);
  let result;
  try {
    result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
      credential: {
        id: stored.credential_id,
        publicKey: new Uint8Array(Buffer.from(stored.public_key, 'base64url')),
        counter: Number(stored.counter),
        transports: stored.transports,
      },
    });
  } catch {
    throw new AppError('invalid_credentials', 'The passkey could not be verified');
  }
  if (!result.verified) throw new AppError('invalid_credentials', 'The passkey could not be verified');
  const user = await findUserById(scope.tx, stored.user_id);
  if (!user || user.disabled_at) throw new AppError('invalid_credentials', 'This account cannot sign in');
  if (isLocked(user)) throw new AppError('account_locked', 'The account is locked for a while');
  await scope.tx
    .updateTable('passkeys')
    .set({ counter: result.authenticationInfo.newCounter, last_used_at: sql`now()` })
    .where('id', '=', stored.id)
    .execute();
  return completeSignIn(scope, platform, user);
}
