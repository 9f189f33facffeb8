import { type RawBuilder } from 'kysely';
import { type FhirAccess, type FhirContext } from '../access.js';
import type { Bundle, StoredResource } from '../types.js';
import { type SearchQuery } from './parse.js';
/** The access predicate on alias r: a patient-bound caller sees only their compartment. */
export declare function reachSql(access: FhirAccess): RawBuilder<unknown>;
interface Page {
  matches: StoredResource[];
  next: string | null;
  total: number | null;
}
/**
 * Runs the matching part of a search: keyset paging on the sort keys plus id, so a page link
 * stays correct while resources are added or removed before it.
 */
export declare function findMatches(ctx: FhirContext, q: SearchQuery): Promise<Page>;
export interface SearchResult {
  query: SearchQuery;
  matches: StoredResource[];
  included: StoredResource[];
  next: string | null;
  total: number | null;
}
/** Searches one resource type: matches, includes, audit (one record per resource returned). */
export declare function search(
  ctx: FhirContext,
  resourceType: string,
  params: Record<string, string[]>,
  options?: {
    lenient?: boolean;
  },
): Promise<SearchResult>;
/** The searchset Bundle, with self and next links that carry the cursor. */
export declare function searchBundle(
  result: SearchResult,
  base: string,
  params: Record<string, string[]>,
): Bundle;
export {};
