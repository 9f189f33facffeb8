/**
 * SMART App Launch scopes, v1 (`patient/Observation.read`, `patient/*.*`) and v2
 * (`patient/Observation.rs`, `system/*.cruds`). Clinical scopes have the shape
 * `<context>/<resource type or *>.<permissions>[?query]`; anything else (`openid`, `fhirUser`,
 * `launch/patient`, `offline_access`) is not a data permission and is ignored here.
 */

export type ScopeContext = 'patient' | 'user' | 'system';
export type Interaction = 'create' | 'read' | 'update' | 'delete' | 'search';

export interface ClinicalScope {
  context: ScopeContext;
  /** A FHIR resource type, or '*' for all. */
  resourceType: string;
  interactions: ReadonlySet<Interaction>;
  /** v2 granular restriction such as `category=laboratory`, when present. */
  query: string | null;
}

const V2_LETTERS: Record<string, Interaction> = {
  c: 'create',
  r: 'read',
  u: 'update',
  d: 'delete',
  s: 'search',
};
const ALL: Interaction[] = ['create', 'read', 'update', 'delete', 'search'];

const SHAPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.([a-z*]+)(?:\?(.+))?$/;

/** Parses one scope; null when it is not a well-formed clinical scope. */
export function parseClinicalScope(scope: string): ClinicalScope | null {
  const match = SHAPE.exec(scope);
  if (!match) return null;
  const [, context, resourceType, permissions, query] = match as unknown as [
    string,
    ScopeContext,
    string,
    string,
    string | undefined,
  ];
  let interactions: Interaction[];
  if (permissions === 'read') interactions = ['read', 'search'];
  else if (permissions === 'write') interactions = ['create', 'update', 'delete'];
  else if (permissions === '*') interactions = ALL;
  else {
    // v2: letters in the order c, r, u, d, s, each at most once.
    if (!/^c?r?u?d?s?$/.test(permissions)) return null;
    interactions = [...permissions].map((letter) => V2_LETTERS[letter]!);
  }
  return { context, resourceType, interactions: new Set(interactions), query: query ?? null };
}

export function parseClinicalScopes(scopes: readonly string[]): ClinicalScope[] {
  return scopes.map(parseClinicalScope).filter((s): s is ClinicalScope => s !== null);
}

/**
 * Whether the scopes permit an interaction on a resource type. A granular (query-restricted)
 * scope never grants by itself here: the caller would have to prove every returned resource
 * matches the query, and until the search layer does that, refusing is the safe answer.
 */
export function scopeAllows(
  scopes: readonly string[],
  resourceType: string,
  interaction: Interaction,
  context?: ScopeContext,
): boolean {
  return parseClinicalScopes(scopes).some(
    (s) =>
      s.query === null &&
      (context === undefined || s.context === context) &&
      (s.resourceType === '*' || s.resourceType === resourceType) &&
      s.interactions.has(interaction),
  );
}
