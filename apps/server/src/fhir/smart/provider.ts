import Provider, { errors, type KoaContextLike } from 'oidc-provider';
import type { Platform } from '../../platform/platform.js';
import { inTenant } from '../../platform/db/database.js';
import { OAuthRecordAdapter } from './oauth-records.js';
import { clientMetadata, registeredScopes } from './clients.repository.js';
import { tenantSigningKey } from './signing-keys.js';
import { coveredScopes, IDENTITY_SCOPES, splitScopes } from './scope-policy.js';
import { smartResponses } from './token-response.js';
import type { Tenant } from '../../platform/http/context.js';
import type { OAuthThrottle } from './oauth-throttle.js';

/** Where the OAuth endpoints live, under the FHIR base. */
export const AUTH_PREFIX = '/fhir/R4/auth';
export const fhirBaseOf = (origin: string) => `${origin}/fhir/R4`;
export const issuerOf = (origin: string) => `${origin}${AUTH_PREFIX}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = 86_400;

/** Token lifetimes, in seconds. */
export const TOKEN_TTL = {
  AccessToken: 3600,
  AuthorizationCode: 60,
  ClientCredentials: 900,
  IdToken: 3600,
  RefreshToken: 90 * DAY,
  Interaction: 1800,
  Session: 8 * 3600,
  Grant: 365 * DAY,
};

/** Every clinical scope named anywhere in the request being served (asked now, or when the code or refresh token was issued). */
function scopesInPlay(ctx: KoaContextLike): string[] {
  const e = ctx.oidc.entities;
  return [
    ...splitScopes(ctx.oidc.params?.scope),
    ...splitScopes(e.AuthorizationCode?.scope),
    ...splitScopes(e.RefreshToken?.scope),
  ];
}

/**
 * One OAuth 2 / OpenID Connect server for one tenant at one origin. Everything it keeps is
 * in the database (records adapter, clients table, signing key), so any number of processes
 * can each build their own and answer alike.
 */
async function createProvider(
  platform: Platform,
  throttle: OAuthThrottle,
  tenant: Tenant,
  origin: string,
): Promise<Provider> {
  const { db, keyring } = platform;
  const tenantId = tenant.id;
  const fhirBase = fhirBaseOf(origin);
  const signingKey = await tenantSigningKey(db, keyring, tenantId);

  const provider = new Provider(issuerOf(origin), {
    adapter: (model: string) =>
      model === 'Client'
        ? {
            find: (id: string) => inTenant(db, tenantId, (tx) => clientMetadata(tx, keyring, String(id))),
          }
        : new OAuthRecordAdapter(db, tenantId, model),
    jwks: { keys: [signingKey] },
    cookies: { keys: [keyring.sign(`smart-cookies:${tenantId}`)] },
    scopes: [...IDENTITY_SCOPES],
    claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
    // fhirUser belongs in the ID token itself (SMART), not only behind the userinfo endpoint.
    conformIdTokenClaims: false,
    findAccount: async (_ctx: unknown, sub: string) => {
      if (!UUID.test(sub)) return undefined;
      const user = await inTenant(db, tenantId, (tx) =>
        tx
          .selectFrom('users')
          .select(['id', 'patient_id'])
          .where('id', '=', sub)
          .where('disabled_at', 'is', null)
          .executeTakeFirst(),
      );
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: async () => ({
          sub: user.id,
          ...(user.patient_id ? { fhirUser: `Patient/${user.patient_id}` } : {}),
        }),
      };
    },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      revocation: { enabled: true, allowedPolicy: revocationAllowed },
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => fhirBase,
        useGrantedResource: () => true,
        getResourceServerInfo: async (
          ctx: KoaContextLike,
          resource: string,
          client: { clientId: string },
        ) => {
          if (resource !== fhirBase)
            throw new errors.InvalidTarget('The only resource here is this FHIR server');
          // Clinical scopes are open-ended (any type, v1 or v2 letters): the server accepts
          // those named in the request that the client's registration covers.
          const registered = await inTenant(db, tenantId, (tx) => registeredScopes(tx, client.clientId));
          const scope = coveredScopes(registered, scopesInPlay(ctx)).join(' ');
          return {
            scope,
            audience: fhirBase,
            accessTokenFormat: 'opaque',
            accessTokenTTL: TOKEN_TTL.AccessToken,
          };
        },
      },
    },
    // SMART App Launch 2.0: PKCE with S256 for every authorization code, public or not.
    pkce: { required: () => true },
    responseTypes: ['code'],
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    enabledJWA: { clientAuthSigningAlgValues: ['RS256', 'RS384', 'PS256', 'ES256', 'ES384'] },
    routes: {
      authorization: '/authorize',
      token: '/token',
      introspection: '/introspect',
      revocation: '/revoke',
      jwks: '/jwks',
      userinfo: '/userinfo',
      end_session: '/logout',
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/connect/${interaction.uid}` },
    // The patient chooses on every launch; an earlier grant is never reused silently.
    loadExistingGrant: async (ctx: KoaContextLike) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    // Tokens live by their own expiry and the grant, never by the OAuth browser session.
    expiresWithSession: async () => false,
    clientBasedCORS: (_ctx: unknown, origin: string, client: { redirectUris: string[] }) =>
      client.redirectUris.some((uri) => URL.parse(uri)?.origin === origin),
    ttl: TOKEN_TTL,
    renderError: async (ctx: KoaContextLike, out: Record<string, unknown>) => {
      ctx.type = 'application/json';
      ctx.body = out;
    },
  });
  provider.proxy = Boolean(platform.config.trustProxy);

  provider.use(throttle.failureCounter(tenantId));
  provider.use(smartResponses(db, tenant));
  return provider;
}

// A public client may ask about its own tokens only; a confidential one likewise.
function introspectionAllowed(
  ctx: KoaContextLike,
  client: { clientId: string },
  token: { clientId?: string },
) {
  return token.clientId === undefined || token.clientId === client.clientId;
}
function revocationAllowed(ctx: KoaContextLike, client: { clientId: string }, token: { clientId?: string }) {
  return token.clientId === client.clientId;
}

/** The providers of this process, one per tenant and origin, built on first use. */
export class SmartProviders {
  private readonly built = new Map<string, Promise<Provider>>();
  constructor(
    private readonly platform: Platform,
    private readonly throttle: OAuthThrottle,
  ) {}

  get(tenant: Tenant, origin: string): Promise<Provider> {
    const key = `${tenant.id} ${origin}`;
    let provider = this.built.get(key);
    if (!provider) {
      // Host names are chosen by the caller: keep the map bounded.
      if (this.built.size >= 100) this.built.clear();
      provider = createProvider(this.platform, this.throttle, tenant, origin);
      provider.catch(() => this.built.delete(key));
      this.built.set(key, provider);
    }
    return provider;
  }
}
