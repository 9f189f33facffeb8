import type { FhirContext } from '../access.js';
import { FhirError, issue } from '../operation-outcome.js';
import { parseSearch } from '../search/parse.js';
import { findMatches } from '../search/search.service.js';
import type { StoredResource } from '../types.js';

/**
 * The resources matching conditional criteria (If-None-Exist, conditional update, conditional
 * references), at most two: callers only need to know none, one or several.
 */
export async function matchConditional(
  ctx: FhirContext,
  resourceType: string,
  params: Record<string, string[]>,
): Promise<StoredResource[]> {
  const query = parseSearch(resourceType, params, false);
  if (!query.criteria.length) throw new FhirError(400, [issue('invalid', 'Conditional criteria are empty')]);
  query.count = 2;
  return (await findMatches(ctx, query)).matches;
}

export function queryParams(query: string): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(query.replace(/^.*\?/, ''))) (params[k] ??= []).push(v);
  return params;
}

export { conditionalCreate, conditionalUpdate } from './conditional-writes.js';
