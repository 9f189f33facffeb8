import type { FhirContext } from '../access.js';
import type { Bundle } from '../types.js';
export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'failed';
/** Counts by resource type and outcome. */
export type ImportTally = Record<string, Record<ImportOutcome, number>>;
export declare const emptyTally: () => ImportTally;
export declare function count(tally: ImportTally, type: string, outcome: ImportOutcome, n?: number): void;
export declare function mergeTally(into: ImportTally, from: ImportTally): void;
/** Imports one bundle (transaction, batch or collection) as one all-or-nothing transaction. */
export declare function importBundle(ctx: FhirContext, bundle: Bundle, base: string): Promise<ImportTally>;
/** NDJSON (one resource per line) as transactions of up to `chunk` resources. */
export declare function ndjsonBundles(text: string, chunk?: number): Bundle[];
