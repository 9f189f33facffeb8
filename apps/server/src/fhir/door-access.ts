import type { FastifyRequest } from 'fastify';
import { findSession } from '../platform/auth/sessions.js';
import { safeEqual } from '../platform/crypto/tokens.js';
import type { Tx } from '../platform/db/database.js';
import { isStaff, type Actor } from '../platform/http/context.js';
import type { Platform } from '../platform/platform.js';
import type { FhirAccess } from './access.js';
import { FhirError, issue } from './operation-outcome.js';
import type { BearerLookup, BearerVerifier, SmartGrant } from './smart/grant.js';
import { smartActor } from './smart/verify-bearer.js';

/** The bearer token of a request, when its Authorization header carries one. */
export function bearerOf(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  return authorization === undefined ? null : (/^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? null);
}

/** The row of the verifier's lookup statement, already run in this transaction's first message. */
export interface LookedUpBearer {
  row: unknown;
  /** Where the statement noting the grant's use goes (sent before the commit). */
  withCommit: string[];
}

function grantOfLookup(lookup: BearerLookup, tenantId: string, platform: Platform, looked: LookedUpBearer) {
  const read = lookup.grantOf(tenantId, looked.row);
  if (read?.touch) looked.withCommit.push(read.touch(platform.db));
  return read;
}

/** What the verification of a looked-up token found, for remembering it (see token-reach.ts). */
export interface VerifiedToken {
  grant: SmartGrant;
  fingerprint: string;
  expiresAt: number;
}

const unauthenticated = (text: string) => new FhirError(401, [issue('login', text)]);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Works out who is calling: a SMART bearer token (checked by the verifier the assembly passes
 * in; without one, bearer tokens are refused) or the web app's session cookie.
 */
export async function resolveAccess(
  request: FastifyRequest,
  tx: Tx,
  tenantId: string,
  platform: Platform,
  verifyBearer: BearerVerifier | undefined,
  lookedUp?: LookedUpBearer,
): Promise<{ access: FhirAccess; actor: Actor | null; verified?: VerifiedToken }> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m) throw unauthenticated('Authorization must be a Bearer token');
    if (!verifyBearer) throw unauthenticated('This server does not accept bearer tokens');
    const looked =
      lookedUp && verifyBearer.lookup
        ? grantOfLookup(verifyBearer.lookup, tenantId, platform, lookedUp)
        : undefined;
    const grant = looked === undefined ? await verifyBearer(tenantId, m[1]!, tx) : (looked?.grant ?? null);
    if (!grant || grant.tenantId !== tenantId) throw unauthenticated('The access token is not valid');
    return {
      ...(looked
        ? { verified: { grant, fingerprint: looked.fingerprint, expiresAt: looked.expiresAt } }
        : {}),
      access: { kind: 'smart', patientId: grant.patientId, grant },
      actor: smartActor(grant).actor,
    };
  }
  const token = platform.cookies.read(request, platform.cookies.session);
  const session = token ? await findSession(tx, token) : null;
  if (!session || session.stage !== 'active') throw unauthenticated('Sign in or present an access token');
  const { user } = session;
  if (!SAFE.has(request.method)) {
    // A cookie-borne change must come from our own pages: same origin and the session's token.
    const origin = request.headers.origin;
    let sameOrigin = true;
    if (origin) {
      try {
        sameOrigin = new URL(origin).host === request.host;
      } catch {
        sameOrigin = false;
      }
    }
    if (!sameOrigin) throw new FhirError(403, [issue('security', 'This request came from another site')]);
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
      throw new FhirError(403, [issue('security', 'The page is out of date. Reload it and try again.')]);
    }
  }
  const actor: Actor = { userId: user.id, role: user.role, patientId: user.patientId };
  if (isStaff(user.role)) {
    if (!user.totpEnabled) {
      throw new FhirError(403, [issue('security', 'Set up two-factor authentication to use clinical data')]);
    }
    return { access: { kind: 'staff', patientId: null, grant: null }, actor };
  }
  if (!user.patientId) throw new FhirError(403, [issue('forbidden', 'This account has no patient record')]);
  return { access: { kind: 'patient', patientId: user.patientId, grant: null }, actor };
}
