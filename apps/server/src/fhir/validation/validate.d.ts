import type { FhirResource } from '../types.js';
/** Nesting beyond this is refused before anything walks the body (no resource needs it). */
export declare const MAX_DEPTH = 48;
/** Checks that a body is a resource of a type we serve, then validates it against R4. */
export declare function assertResource(body: unknown, expectedType?: string): FhirResource;
/**
 * Validates against the base R4 StructureDefinitions: cardinalities, types, formats, unknown
 * elements and invariants. Failure is 422 with the issues Medplum reports; each names its
 * element in `expression`.
 */
export declare function validate(resource: FhirResource): void;
