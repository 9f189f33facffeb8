import { parseClinicalScope } from './scopes.js';

/**
 * Which requested clinical scopes a client may receive: each must be covered by one of the
 * scopes registered for the client (same context, same type or a wildcard, no more
 * interactions). `patient/*.rs` registered covers `patient/Observation.read`; `system/*.rs`
 * never covers a `patient/` scope or a write. Granular scopes (`?category=…`) are not offered.
 */
export function coveredScopes(registered: string, requested: Iterable<string>): string[] {
  const allowed = registered
    .split(' ')
    .map(parseClinicalScope)
    .filter((s) => s !== null && s.query === null);
  const out: string[] = [];
  for (const scope of requested) {
    const asked = parseClinicalScope(scope);
    // Query-restricted (granular) scopes are not granted: the FHIR door cannot yet prove each
    // result matches the query, and scopeAllows refuses them, so offering one would mislead.
    if (!asked || asked.query !== null) continue;
    const ok = allowed.some(
      (a) =>
        a!.context === asked.context &&
        (a!.resourceType === '*' || a!.resourceType === asked.resourceType) &&
        [...asked.interactions].every((i) => a!.interactions.has(i)),
    );
    if (ok && !out.includes(scope)) out.push(scope);
  }
  return out;
}

/** The scopes that are not data permissions and that we support. */
export const IDENTITY_SCOPES = ['openid', 'fhirUser', 'profile', 'launch/patient', 'offline_access'] as const;

export const splitScopes = (scope: unknown): string[] =>
  typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
