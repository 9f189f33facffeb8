import type { Db, Tx } from '../../platform/db/database.js';
import { inTenant } from '../../platform/db/database.js';
import type { Actor, AppActor } from '../../platform/http/context.js';
import { inline } from '../../platform/db/statements.js';
import type { BearerLookup, BearerVerifier, SmartGrant } from './grant.js';
import {
  findLiveAccessToken,
  liveAccessTokenQuery,
  touchGrant,
  touchGrantQuery,
  type LiveAccessToken,
} from './grants.repository.js';
import { splitScopes } from './scope-policy.js';
import { recordKey } from './oauth-records.js';

const TOKEN = /^[\x21-\x7e]{16,512}$/;
/** Backend services have no patient grant: their access is the client's own. */
export const backendGrantId = (clientId: string) => `client:${clientId}`;

/**
 * Checks a bearer token against the database of the tenant the request came to: a token of
 * another tenant is simply not found there (row-level security). Live means not expired, its
 * grant not revoked and its client not retired, checked on every call, so a revocation takes
 * effect at once in every process.
 */
export function createBearerVerifier(db: Db): BearerVerifier {
  const verify: BearerVerifier = async (tenantId, token, tx) => {
    if (typeof token !== 'string' || !TOKEN.test(token)) return null;
    if (tx) return verifyBearerInTx(tx, tenantId, token);
    return inTenant(db, tenantId, (own) => verifyBearerInTx(own, tenantId, token));
  };
  verify.lookup = bearerLookup;
  return verify;
}

let lookupTemplate: { sql: string; parameters: readonly unknown[]; keyAt: number } | null = null;

/** The check of verifyBearerInTx as a statement (run under the tenant's row-level security) and its reading. */
export const bearerLookup: BearerLookup = {
  query: (db, token) => {
    if (typeof token !== 'string' || !TOKEN.test(token)) return null;
    // The statement's text is the same for every token: compiled once, the token's key put in.
    if (!lookupTemplate) {
      const sample = 'x'.repeat(16);
      const compiled = liveAccessTokenQuery(db, sample).compile();
      lookupTemplate = {
        sql: compiled.sql,
        parameters: compiled.parameters,
        keyAt: compiled.parameters.indexOf(recordKey('AccessToken', sample)),
      };
    }
    const parameters = [...lookupTemplate.parameters];
    parameters[lookupTemplate.keyAt] = recordKey('AccessToken', token);
    return { sql: lookupTemplate.sql, parameters };
  },
  grantOf: (tenantId, row) => {
    const live = row as LiveAccessToken;
    const read = grantOfRow(tenantId, live);
    if (!read || !live) return null;
    const { grant, touchGrantId } = read;
    return {
      grant,
      touch: touchGrantId ? (db) => inline(touchGrantQuery(db, touchGrantId).compile()) : null,
      fingerprint: live.fingerprint,
      expiresAt: (live.payload as { exp: number }).exp * 1000,
    };
  },
};

/**
 * The same check inside a tenant transaction the caller already holds (the embedded database
 * has one connection: opening a second transaction from inside one would wait forever).
 */
export async function verifyBearerInTx(tx: Tx, tenantId: string, token: string): Promise<SmartGrant | null> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return null;
  const read = grantOfRow(tenantId, await findLiveAccessToken(tx, token));
  if (!read) return null;
  if (read.touchGrantId) await touchGrant(tx, read.touchGrantId);
  return read.grant;
}

/** Whether a looked-up token row still stands, and for what grant. */
function grantOfRow(
  tenantId: string,
  live: LiveAccessToken,
): { grant: SmartGrant; touchGrantId: string | null } | null {
  if (!live) return null;
  const p = live.payload as { exp?: unknown; clientId?: unknown; scope?: unknown };
  if (typeof p.exp !== 'number' || p.exp * 1000 <= Date.now() || typeof p.clientId !== 'string') return null;
  const scopes = splitScopes(p.scope);
  if (live.model === 'ClientCredentials') {
    if (live.kind !== 'backend') return null;
    return {
      grant: {
        tenantId,
        clientId: p.clientId,
        userId: null,
        patientId: null,
        scopes,
        grantId: backendGrantId(p.clientId),
      },
      touchGrantId: null,
    };
  }
  // A patient token whose grant is revoked (or gone) finds no grant row.
  if (!live.grant_id || !live.user_id || !live.grant_scopes) return null;
  const identity = live.grant_scopes.filter((s) => !s.includes('/') || s === 'launch/patient');
  return {
    grant: {
      tenantId,
      clientId: p.clientId,
      userId: live.user_id,
      patientId: live.patient_id,
      scopes: [...identity, ...scopes],
      grantId: live.grant_id,
    },
    touchGrantId: live.stale_use ? live.grant_id : null,
  };
}

/**
 * Who a SMART request acts as, for `Scope.actor` and `Scope.app`: the patient who allowed a
 * patient app (reads are confined to their compartment), or no person for a backend service.
 * Audit records written with this scope name the app.
 */
export function smartActor(grant: SmartGrant): { actor: Actor | null; app: AppActor } {
  const app = { clientId: grant.clientId, grantId: grant.grantId };
  if (!grant.userId || !grant.patientId) return { actor: null, app };
  return { actor: { userId: grant.userId, role: 'patient', patientId: grant.patientId }, app };
}
