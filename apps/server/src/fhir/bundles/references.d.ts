import type { FhirResource } from '../types.js';
/** Every Reference.reference string in a resource (contained resources included). */
export declare function collectReferences(resource: FhirResource): string[];
/** A copy of the resource with references replaced through `resolve` (unchanged when it returns undefined). */
export declare function rewriteReferences(
  resource: FhirResource,
  resolve: (ref: string) => string | undefined,
): FhirResource;
/** Splits `Type?query` into its type and query parameters. */
export declare function parseConditional(url: string): {
  resourceType: string;
  params: Record<string, string[]>;
};
