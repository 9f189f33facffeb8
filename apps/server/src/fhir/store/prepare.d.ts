import type { FhirAccess } from '../access.js';
import type { FhirResource, StoredResource } from '../types.js';
import type { VersionWrite } from './resource.repository.js';
export declare const sameContent: (a: FhirResource, b: FhirResource) => boolean;
export interface Prepared {
  /** Null when the content equals the current version: nothing is written. */
  write: VersionWrite | null;
  stored: StoredResource;
  outcome: 'created' | 'updated' | 'unchanged';
}
/**
 * Turns a validated body into the next version of a resource: id and meta set, index rows
 * extracted, compartments computed. A patient-bound caller may only write inside their own
 * compartment, before and after the change.
 */
export declare function prepareVersion(
  access: FhirAccess,
  body: FhirResource,
  id: string,
  current: StoredResource | undefined,
  now: string,
): Prepared;
/** The deletion marker version of a resource. */
export declare function prepareDeletion(current: StoredResource, now: string): VersionWrite;
