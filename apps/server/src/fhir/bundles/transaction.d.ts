import { type FhirContext } from '../access.js';
import { type Prepared } from '../store/prepare.js';
import type { Bundle } from '../types.js';
export declare const MAX_ENTRIES = 10000;
/**
 * A transaction: all entries or none. References to entries (`urn:uuid:` fullUrls) and
 * conditional references (`Patient?identifier=…`) are resolved first; then every write is
 * validated and prepared, and written in one batch of statements.
 */
export declare function processTransaction(ctx: FhirContext, bundle: Bundle, base: string): Promise<Bundle>;
/** The transaction and what each entry did (the importer counts outcomes from it). */
export declare function runTransaction(
  ctx: FhirContext,
  bundle: Bundle,
  base: string,
): Promise<{
  response: Bundle;
  prepared: Prepared[];
}>;
/** Bundle shape checks shared by batch and transaction. */
export declare function assertBundle(body: unknown): Bundle & {
  type: 'batch' | 'transaction';
};
