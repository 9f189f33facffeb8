import type { FhirContext } from '../access.js';
import type { StoredResource } from '../types.js';
/**
 * The resources matching conditional criteria (If-None-Exist, conditional update, conditional
 * references), at most two: callers only need to know none, one or several.
 */
export declare function matchConditional(
  ctx: FhirContext,
  resourceType: string,
  params: Record<string, string[]>,
): Promise<StoredResource[]>;
export declare function queryParams(query: string): Record<string, string[]>;
export { conditionalCreate, conditionalUpdate } from './conditional-writes.js';
