import type { ConsentScope } from '@accompany/contracts';
import { coveredScopes, IDENTITY_SCOPES } from './scope-policy.js';
import { parseClinicalScope } from './scopes.js';

const IDENTITY = new Set(['openid', 'fhirUser', 'launch/patient', 'profile']);

/**
 * The requested scopes this app may receive, as choices for the patient: each data scope the
 * registration covers and offline access can be left out; who-you-are scopes come with any
 * connection. Anything else asked for (not registered, malformed) is not offered at all.
 */
export function choices(registered: string, requested: readonly string[]): ConsentScope[] {
  const data = new Set(coveredScopes(registered, requested));
  const out: ConsentScope[] = [];
  for (const s of requested) {
    if (data.has(s)) {
      const parsed = parseClinicalScope(s)!;
      const write = ['create', 'update', 'delete'].some((i) => parsed.interactions.has(i as 'create'));
      out.push({ scope: s, kind: 'data', resourceType: parsed.resourceType, write, optional: true });
    } else if (s === 'offline_access' && registered.split(' ').includes(s)) {
      out.push({ scope: s, kind: 'offline', resourceType: null, write: false, optional: true });
    } else if (IDENTITY.has(s)) {
      out.push({ scope: s, kind: 'identity', resourceType: null, write: false, optional: false });
    }
  }
  return out;
}

/**
 * What a patient's answer grants: the offered scopes they kept (the fixed ones always), and
 * what was asked but is refused, so the OAuth server does not ask again for it.
 */
export function keptScopes(
  offered: readonly ConsentScope[],
  requested: readonly string[],
  kept: readonly string[],
) {
  const keep = new Set(kept);
  const granted = offered.filter((c) => !c.optional || keep.has(c.scope));
  const data = granted.filter((c) => c.kind === 'data').map((c) => c.scope);
  const identity = granted.filter((c) => c.kind !== 'data').map((c) => c.scope);
  const refusedIdentity = requested.filter(
    (s) => (IDENTITY_SCOPES as readonly string[]).includes(s) && !identity.includes(s),
  );
  const refusedData = offered.filter((c) => c.kind === 'data' && !data.includes(c.scope)).map((c) => c.scope);
  return { data, identity, refusedIdentity, refusedData };
}
