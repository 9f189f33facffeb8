import { type FhirContext } from '../access.js';
import type { Bundle } from '../types.js';
/** Instance or type history, newest first; a patient-bound caller sees only their compartment. */
export declare function historyBundle(
  ctx: FhirContext,
  base: string,
  resourceType: string,
  id: string | null,
  params: Record<string, string[]>,
): Promise<Bundle>;
