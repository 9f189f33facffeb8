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
/** Parses one scope; null when it is not a well-formed clinical scope. */
export declare function parseClinicalScope(scope: string): ClinicalScope | null;
export declare function parseClinicalScopes(scopes: readonly string[]): ClinicalScope[];
/**
 * Whether the scopes permit an interaction on a resource type. A granular (query-restricted)
 * scope never grants by itself here: the caller would have to prove every returned resource
 * matches the query, and until the search layer does that, refusing is the safe answer.
 */
export declare function scopeAllows(
  scopes: readonly string[],
  resourceType: string,
  interaction: Interaction,
  context?: ScopeContext,
): boolean;
