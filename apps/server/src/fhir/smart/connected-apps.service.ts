import type { ConnectedApp } from '@accompany/contracts';
import { AppError } from '../../platform/errors.js';
import type { Scope } from '../../platform/http/context.js';
import { audit } from '../../platform/audit/audit.js';
import { listUserGrants, revokeGrant } from './grants.repository.js';

/** The apps that can read the signed-in person's record, for the "Connected apps" page. */
export async function connectedApps(scope: Scope): Promise<ConnectedApp[]> {
  if (!scope.actor) throw new AppError('unauthenticated', 'Please sign in');
  const rows = await listUserGrants(scope.tx, scope.actor.userId);
  return rows.map((r) => ({
    grantId: r.id,
    clientId: r.client_id,
    appName: r.name,
    scopes: r.scopes,
    since: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at ? r.last_used_at.toISOString() : null,
  }));
}

/** Ends an app's access at once: every access and refresh token of the grant stops working. */
export async function disconnectApp(scope: Scope, grantId: string): Promise<void> {
  if (!scope.actor) throw new AppError('unauthenticated', 'Please sign in');
  const revoked = await revokeGrant(scope.tx, grantId, scope.actor.userId);
  if (!revoked) throw new AppError('not_found', 'This app is not connected to your account');
  await audit(
    { ...scope, app: { clientId: revoked.clientId, grantId } },
    { action: 'delete', objectType: 'SmartGrant', objectId: grantId, patientId: null },
  );
}
