import type { FastifyRequest } from 'fastify';
import type { Tx } from '../platform/db/database.js';
import { type Actor } from '../platform/http/context.js';
import type { Platform } from '../platform/platform.js';
import type { FhirAccess } from './access.js';
import type { BearerVerifier } from './smart/grant.js';
/**
 * Works out who is calling: a SMART bearer token (checked by the verifier the assembly passes
 * in; without one, bearer tokens are refused) or the web app's session cookie.
 */
export declare function resolveAccess(
  request: FastifyRequest,
  tx: Tx,
  tenantId: string,
  platform: Platform,
  verifyBearer: BearerVerifier | undefined,
): Promise<{
  access: FhirAccess;
  actor: Actor | null;
}>;
