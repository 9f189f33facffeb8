import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import type { BearerVerifier } from './grant.js';
import { mountSmartAuthorization } from './mount.js';
import { SmartProviders } from './provider.js';
import { createBearerVerifier } from './verify-bearer.js';
import { OAuthThrottle } from './oauth-throttle.js';

export type { SmartGrant, BearerVerifier } from './grant.js';
export { smartActor, backendGrantId, verifyBearerInTx } from './verify-bearer.js';
export { scopeAllows, parseClinicalScope } from './scopes.js';
export { smartRoutes } from './smart.routes.js';

export interface SmartAuthorization {
  /** For the FHIR door: the grant a bearer token stands for in a tenant, or null. */
  verifyBearer: BearerVerifier;
  /** Serves the OAuth endpoints under /fhir/R4/auth (call once, before app.ready()). */
  mount(app: FastifyInstance): Promise<void>;
}

/** The SMART App Launch authorization server of this process. */
export function createSmartAuthorization(platform: Platform): SmartAuthorization {
  const throttle = new OAuthThrottle(platform.db, platform.log, platform.config.oauthFailureLimit);
  const providers = new SmartProviders(platform, throttle);
  return {
    verifyBearer: createBearerVerifier(platform.db),
    mount: (app) => mountSmartAuthorization(app, platform, providers, throttle),
  };
}
