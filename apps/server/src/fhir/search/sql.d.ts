import { type RawBuilder } from 'kysely';
import type { Criterion } from './parse.js';
type Cond = RawBuilder<unknown>;
/**
 * The SQL condition for one criterion on resource alias `r` of `resourceType`. Index lookups
 * are `r.id in (select resource_id …)` so PostgreSQL can start from the index and semi-join.
 */
export declare function criterionSql(resourceType: string, r: string, c: Criterion): Cond;
export type SortKind = 'text' | 'timestamptz' | 'numeric';
/** A sort key as a scalar expression on `r`, with the type its cursor value is cast back to. */
export declare function sortExpression(
  resourceType: string,
  code: string,
  desc: boolean,
): {
  expr: Cond;
  kind: SortKind;
};
export {};
