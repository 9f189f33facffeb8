import type { ConsentDecisionBody, ConsentRequest } from '@accompany/contracts';
import { AppError } from '../../platform/errors.js';
import type { Scope } from '../../platform/http/context.js';
import { audit } from '../../platform/audit/audit.js';
import { randomToken } from '../../platform/crypto/tokens.js';
import { findRecord, saveRecord, type OAuthPayload } from './oauth-records.js';
import { findClient } from './clients.repository.js';
import { insertGrant, liveGrantsOf, revokeGrant } from './grants.repository.js';
import { splitScopes } from './scope-policy.js';
import { choices, keptScopes } from './consent-choices.js';
import { fhirBaseOf, TOKEN_TTL } from './provider.js';

/**
 * The consent step of a SMART launch. The OAuth server hands the browser to our web app with
 * an interaction id; the signed-in patient sees what the app asks for, keeps what they want
 * to share, and allows or refuses. The answer is written into the interaction (and a grant),
 * and the browser goes back to the OAuth server, which finishes the launch.
 */
interface Interaction extends OAuthPayload {
  params: { client_id?: string; scope?: string; redirect_uri?: string };
  returnTo: string;
  result?: unknown;
}

const epoch = () => Math.floor(Date.now() / 1000);

async function loadInteraction(scope: Scope, uid: string, lock = false): Promise<Interaction> {
  const found = await findRecord(scope.tx, 'Interaction', uid, lock);
  if (
    !found ||
    typeof found.returnTo !== 'string' ||
    typeof found.params !== 'object' ||
    found.params === null
  )
    throw new AppError(
      'not_found',
      'This connection request has expired. Go back to the app and start again.',
    );
  return found as Interaction;
}

function requirePatient(scope: Scope) {
  if (scope.actor?.role !== 'patient' || !scope.actor.patientId)
    throw new AppError('forbidden', 'Only a patient can connect an app to their own record');
  return { userId: scope.actor.userId, patientId: scope.actor.patientId };
}

async function appOf(scope: Scope, interaction: Interaction) {
  const client = interaction.params.client_id
    ? await findClient(scope.tx, interaction.params.client_id)
    : undefined;
  if (!client || client.disabledAt || client.kind !== 'app')
    throw new AppError('not_found', 'This app is no longer registered here');
  return client;
}

export async function consentRequest(scope: Scope, uid: string): Promise<ConsentRequest> {
  requirePatient(scope);
  const interaction = await loadInteraction(scope, uid);
  const client = await appOf(scope, interaction);
  const redirect = URL.parse(interaction.params.redirect_uri ?? '');
  return {
    uid,
    appName: client.name,
    clientId: client.clientId,
    redirectHost: redirect?.host ?? '',
    scopes: choices(client.scopes, splitScopes(interaction.params.scope)),
  };
}

export async function decideConsent(
  scope: Scope,
  uid: string,
  decision: ConsentDecisionBody,
): Promise<{ redirectTo: string }> {
  const { userId, patientId } = requirePatient(scope);
  // Locked: two answers sent at once are taken one after the other, and the second is refused.
  const interaction = await loadInteraction(scope, uid, true);
  if (interaction.result) throw new AppError('conflict', 'This request was already answered');
  const client = await appOf(scope, interaction);
  const offered = choices(client.scopes, splitScopes(interaction.params.scope));
  const ttl = Math.max(1, (interaction.exp ?? epoch() + 60) - epoch());
  // Connecting an app is the patient's own act, not a look at the record: the trail keeps it
  // under the patient as actor (and the app), outside "who looked at my record".
  const grantRecord = { action: 'create' as const, objectType: 'SmartGrant', patientId: null };

  if (!decision.allow) {
    interaction.result = { error: 'access_denied', error_description: 'The patient did not allow access' };
    await saveRecord(scope.tx, scope.tenant.id, 'Interaction', uid, interaction, ttl);
    await audit(
      { ...scope, app: { clientId: client.clientId, grantId: '' } },
      {
        ...grantRecord,
        objectId: null,
        outcome: 'denied',
      },
    );
    return { redirectTo: interaction.returnTo };
  }

  const { data, identity, refusedIdentity, refusedData } = keptScopes(
    offered,
    splitScopes(interaction.params.scope),
    decision.scopes,
  );
  if (data.length === 0)
    throw new AppError(
      'validation_failed',
      'Choose at least one kind of record to share, or choose not to allow',
      { errors: [{ path: 'scopes', message: 'Choose at least one kind of record' }] },
    );

  // One connection per app: allowing it again replaces what it had before.
  for (const earlier of await liveGrantsOf(scope.tx, userId, client.clientId)) {
    await revokeGrant(scope.tx, earlier, userId);
  }

  const grantId = randomToken(32);
  const now = epoch();
  const fhirBase = fhirBaseOf(new URL(interaction.returnTo).origin);
  await saveRecord(
    scope.tx,
    scope.tenant.id,
    'Grant',
    grantId,
    {
      kind: 'Grant',
      jti: grantId,
      iat: now,
      exp: now + TOKEN_TTL.Grant,
      accountId: userId,
      clientId: client.clientId,
      ...(identity.length ? { openid: { scope: identity.join(' ') } } : {}),
      resources: { [fhirBase]: data.join(' ') },
      rejected: {
        ...(refusedIdentity.length ? { openid: { scope: refusedIdentity.join(' ') } } : {}),
        ...(refusedData.length ? { resources: { [fhirBase]: refusedData.join(' ') } } : {}),
      },
    },
    TOKEN_TTL.Grant,
  );
  await insertGrant(scope.tx, {
    tenantId: scope.tenant.id,
    id: grantId,
    clientId: client.clientId,
    userId,
    patientId,
    scopes: [...identity, ...data],
  });
  interaction.result = { login: { accountId: userId }, consent: { grantId } };
  await saveRecord(scope.tx, scope.tenant.id, 'Interaction', uid, interaction, ttl);
  await audit(
    { ...scope, app: { clientId: client.clientId, grantId } },
    { ...grantRecord, objectId: grantId },
  );
  return { redirectTo: interaction.returnTo };
}
