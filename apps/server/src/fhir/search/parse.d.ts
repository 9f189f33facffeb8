export type ParamType = 'string' | 'token' | 'date' | 'reference' | 'quantity' | 'uri' | 'number';
export declare const PREFIXES: readonly ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];
export type Prefix = (typeof PREFIXES)[number];
/** One parameter occurrence: its values are OR-ed; occurrences are AND-ed. */
export type Criterion =
  | {
      kind: 'id';
      values: string[];
      not: boolean;
    }
  | {
      kind: 'lastUpdated';
      values: string[];
    }
  | {
      kind: 'missing';
      code: string;
      missing: boolean;
    }
  | {
      kind: 'index';
      code: string;
      type: ParamType;
      modifier: string | null;
      values: string[];
    }
  | {
      kind: 'chain';
      code: string;
      targets: string[];
      next: Criterion;
    }
  | {
      kind: 'has';
      sourceType: string;
      refParam: string;
      next: Criterion;
    };
export interface Include {
  sourceType: string;
  param: string;
  targetType: string | null;
}
export interface SortKey {
  code: string;
  desc: boolean;
}
export interface SearchQuery {
  resourceType: string;
  criteria: Criterion[];
  count: number;
  cursor: string | null;
  sort: SortKey[];
  total: 'none' | 'estimate' | 'accurate';
  summary: 'true' | 'false' | 'text' | 'data' | 'count';
  elements: string[] | null;
  include: Include[];
  revinclude: Include[];
}
export declare const DEFAULT_COUNT = 20;
export declare const MAX_COUNT = 1000;
/** Splits on commas not escaped with a backslash, and unescapes. */
export declare function splitValues(raw: string): string[];
/**
 * Parses a search query. Unknown parameters are an error (strict), or ignored when the client
 * asked for `Prefer: handling=lenient`.
 */
export declare function parseSearch(
  resourceType: string,
  query: Record<string, string[]>,
  lenient: boolean,
): SearchQuery;
