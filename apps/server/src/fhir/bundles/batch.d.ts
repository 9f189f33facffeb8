import type { FhirContext } from '../access.js';
import type { Bundle } from '../types.js';
/**
 * A batch: each entry succeeds or fails on its own. A savepoint per entry keeps a failed
 * entry's partial writes out while the others commit.
 */
export declare function processBatch(ctx: FhirContext, bundle: Bundle, base: string): Promise<Bundle>;
