import { type FhirContext } from '../access.js';
import type { Bundle } from '../types.js';
/**
 * Patient/$everything: the patient and every resource in their compartment, paged by
 * (type, id). A token sees only the types its scopes allow reading.
 */
export declare function patientEverything(
  ctx: FhirContext,
  base: string,
  patientId: string,
  params: Record<string, string[]>,
): Promise<Bundle>;
