import type { KoaContextLike } from 'oidc-provider';
import type { Db } from '../../platform/db/database.js';
import { inTenant } from '../../platform/db/database.js';
import type { Tenant } from '../../platform/http/context.js';
import { audit } from '../../platform/audit/audit.js';
import { grantPatient } from './grants.repository.js';
import { splitScopes } from './scope-policy.js';
import { backendGrantId } from './verify-bearer.js';

type GrantEntity = { jti: string; getOIDCScopeFiltered(s: Set<string>): string };

/**
 * What SMART adds around oidc-provider's endpoints: offline access without prompt=consent
 * (our patients always see the consent screen), launch context and the full granted scope in
 * token responses, the patient in introspection answers, and an audit record per token issued.
 */
export function smartResponses(db: Db, tenant: Tenant) {
  return async (ctx: KoaContextLike, next: () => Promise<void>) => {
    if (ctx.path === '/authorize' && ctx.method === 'GET') {
      // Koa caches the parsed query per query string: changing that object (not the URL, which
      // oidc-provider uses to work out its mount path) is what the authorization step reads.
      const query = ctx.query;
      if (splitScopes(query.scope).includes('offline_access') && query.prompt === undefined)
        query.prompt = 'consent';
    }
    await next();
    if (ctx.status !== 200 || !ctx.oidc) return;
    if (ctx.oidc.route === 'token') await onToken(ctx);
    else if (ctx.oidc.route === 'introspection') await onIntrospection(ctx);
  };

  async function onToken(ctx: KoaContextLike) {
    const body = ctx.body as Record<string, unknown>;
    const e = ctx.oidc.entities;
    const grant = e.Grant as GrantEntity | undefined;
    const source = e.AuthorizationCode ?? e.RefreshToken;
    let patientId: string | null = null;
    if (grant && source) {
      const identity = splitScopes(grant.getOIDCScopeFiltered(new Set(splitScopes(source.scope))));
      body.scope = [...new Set([...identity, ...splitScopes(body.scope)])].join(' ');
      patientId = await inTenant(db, tenant.id, (tx) => grantPatient(tx, grant.jti));
      if (identity.includes('launch/patient') && patientId) {
        body.patient = patientId;
        body.need_patient_banner = true;
      }
    }
    const clientId = ctx.oidc.client?.clientId;
    if (!clientId) return;
    const accountId = typeof source?.accountId === 'string' ? source.accountId : null;
    const requestId = ctx.response.get('x-request-id');
    await inTenant(db, tenant.id, (tx) =>
      audit(
        {
          tx,
          tenant,
          actor: accountId ? { userId: accountId, role: 'patient', patientId } : null,
          app: { clientId, grantId: grant?.jti ?? backendGrantId(clientId) },
          meta: {
            ip: ctx.ip ?? null,
            userAgent: ctx.get('user-agent') || null,
            requestId: requestId || 'oauth',
          },
        },
        // The token itself never goes in the trail; the grant and client identify it.
        {
          action: 'create',
          objectType: e.ClientCredentials ? 'ClientCredentials' : 'AccessToken',
          objectId: grant?.jti ?? null,
          patientId: null,
        },
      ),
    );
  }

  async function onIntrospection(ctx: KoaContextLike) {
    const body = ctx.body as Record<string, unknown>;
    const grantId = ctx.oidc.entities.AccessToken?.grantId ?? ctx.oidc.entities.RefreshToken?.grantId;
    if (body.active !== true || typeof grantId !== 'string') return;
    const patientId = await inTenant(db, tenant.id, (tx) => grantPatient(tx, grantId));
    if (patientId) body.patient = patientId;
  }
}
