import { sql, type RawBuilder } from 'kysely';
import { searchParametersOf } from '../definitions.js';
import { badRequest } from '../operation-outcome.js';
import { foldString } from './normalize.js';
import type { Criterion, ParamType } from './parse.js';
import { dateRange, numberRange, splitPrefix } from './values.js';

type Cond = RawBuilder<unknown>;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Starts-with as a byte-wise range (~>=~, ~<~): unlike LIKE, these operators are leakproof, so
 * PostgreSQL may use them in an index scan under row-level security.
 */
const startsWith = (prefix: string) =>
  sql`(i.text ~>=~ ${prefix} and i.text ~<~ ${`${prefix}\u{10FFFF}`} and i.text like ${`${likeEscape(prefix)}%`})`;
const or = (conds: Cond[]) => (conds.length === 1 ? conds[0]! : sql`(${sql.join(conds, sql` or `)})`);

/** A date prefix applied to a stored range [lo, hi] against the searched range. */
function dateCondition(lo: Cond, hi: Cond, raw: string): Cond {
  const { prefix, rest } = splitPrefix(raw);
  const { low, high } = dateRange(rest);
  const l = low.toISOString();
  const h = high.toISOString();
  switch (prefix) {
    case 'eq':
      return sql`(${lo} >= ${l}::timestamptz and ${hi} <= ${h}::timestamptz)`;
    case 'ne':
      return sql`not (${lo} >= ${l}::timestamptz and ${hi} <= ${h}::timestamptz)`;
    case 'gt':
      return sql`${hi} > ${h}::timestamptz`;
    case 'lt':
      return sql`${lo} < ${l}::timestamptz`;
    case 'ge':
      return sql`${hi} >= ${l}::timestamptz`;
    case 'le':
      return sql`${lo} <= ${h}::timestamptz`;
    case 'sa':
      return sql`${lo} > ${h}::timestamptz`;
    case 'eb':
      return sql`${hi} < ${l}::timestamptz`;
    case 'ap': {
      // Approximately: within 10% of the distance from now, at least a day.
      const slack = Math.max(86_400_000, Math.abs(Date.now() - low.getTime()) * 0.1);
      return sql`(${lo} <= ${new Date(high.getTime() + slack).toISOString()}::timestamptz and ${hi} >= ${new Date(low.getTime() - slack).toISOString()}::timestamptz)`;
    }
  }
}

function numberCondition(raw: string): Cond {
  const { prefix, rest } = splitPrefix(raw);
  const { value, low, high } = numberRange(rest);
  switch (prefix) {
    case 'eq':
      return sql`(i.nlow >= ${low} and i.nhigh <= ${high})`;
    case 'ne':
      return sql`not (i.nlow >= ${low} and i.nhigh <= ${high})`;
    case 'gt':
    case 'sa':
      return sql`i.nhigh > ${value}`;
    case 'lt':
    case 'eb':
      return sql`i.nlow < ${value}`;
    case 'ge':
      return sql`i.nhigh >= ${value}`;
    case 'le':
      return sql`i.nlow <= ${value}`;
    case 'ap': {
      const slack = Math.abs(value) * 0.1;
      return sql`(i.nlow <= ${value + slack} and i.nhigh >= ${value - slack})`;
    }
  }
}

function quantityCondition(raw: string): Cond {
  const [num = '', system, code] = raw.split('|');
  const conds = [numberCondition(num)];
  if (system) conds.push(sql`i.system = ${system}`);
  if (code) conds.push(sql`i.unit = ${code}`);
  return sql`(${sql.join(conds, sql` and `)})`;
}

function tokenCondition(raw: string): Cond {
  const bar = raw.indexOf('|');
  if (bar < 0) return sql`i.text = ${raw}`;
  const system = raw.slice(0, bar);
  const code = raw.slice(bar + 1);
  if (!system) return sql`(i.system is null and i.text = ${code})`;
  if (!code) return sql`i.system = ${system}`;
  return sql`(i.system = ${system} and i.text = ${code})`;
}

function referenceCondition(resourceType: string, code: string, modifier: string | null, raw: string): Cond {
  if (raw.includes('/')) return sql`i.text = ${raw}`;
  const targets = modifier ? [modifier] : (searchParametersOf(resourceType)[code]?.target ?? []);
  return sql`i.text in (${sql.join(targets.map((t) => `${t}/${raw}`))})`;
}

function valueCondition(resourceType: string, c: Extract<Criterion, { kind: 'index' }>, raw: string): Cond {
  const type: ParamType = c.type;
  switch (type) {
    case 'string':
      if (c.modifier === 'exact') return sql`i.system = ${raw}`;
      if (c.modifier === 'contains') return sql`i.text like ${`%${likeEscape(foldString(raw))}%`}`;
      return startsWith(foldString(raw));
    case 'token':
      if (c.modifier === 'text') return startsWith(foldString(raw));
      return tokenCondition(raw);
    case 'reference':
      return referenceCondition(resourceType, c.code, c.modifier, raw);
    case 'uri':
      return c.modifier === 'below' ? startsWith(raw) : sql`i.text = ${raw}`;
    case 'date':
      return dateCondition(sql`coalesce(i.low, '-infinity')`, sql`coalesce(i.high, 'infinity')`, raw);
    case 'number':
      return numberCondition(raw);
    case 'quantity':
      return quantityCondition(raw);
  }
}

let aliasCounter = 0;

/**
 * The SQL condition for one criterion on resource alias `r` of `resourceType`. Index lookups
 * are `r.id in (select resource_id …)` so PostgreSQL can start from the index and semi-join.
 *
 * Resource types and parameter names are written into the text as literals, values travel as
 * parameters: the names decide the plan's shape (how many rows a type or a parameter has), and
 * they come from the definitions, never from free text. A prepared search then has one generic
 * plan as good as the plan for its values, and runs it without planning again (see
 * matchStatement).
 */
export function criterionSql(resourceType: string, r: string, c: Criterion): Cond {
  const rid = sql.ref(`${r}.id`);
  switch (c.kind) {
    case 'id':
      return c.not ? sql`not (${rid} = any(${c.values}::text[]))` : sql`${rid} = any(${c.values}::text[])`;
    case 'lastUpdated':
      return sql`(${sql.join(
        c.values.map((v) => dateCondition(sql.ref(`${r}.last_updated`), sql.ref(`${r}.last_updated`), v)),
        sql` and `,
      )})`;
    case 'missing':
      return sql`${rid} ${c.missing ? sql`not in` : sql`in`} (select i.resource_id from fhir_index i
        where i.resource_type = ${sql.lit(resourceType)} and i.param = ${sql.lit(c.code)})`;
    case 'index': {
      const negate = c.type === 'token' && c.modifier === 'not';
      const param = c.type === 'token' && c.modifier === 'text' ? `${c.code}:text` : c.code;
      const conds = c.values.map((v) => valueCondition(resourceType, c, v));
      const ids = sql`select i.resource_id from fhir_index i
        where i.resource_type = ${sql.lit(resourceType)} and i.param = ${sql.lit(param)} and ${or(conds)}`;
      // Positive: an array computed once and probed by primary key (fast with or without
      // statistics). Negative: NOT IN, which PostgreSQL hashes.
      return negate ? sql`${rid} not in (${ids})` : sql`${rid} = any(array(${ids}))`;
    }
    case 'chain': {
      // Each level is an array computed once (an InitPlan), then probed through the index:
      // a plan that stays fast without table statistics.
      const inner = `c${++aliasCounter % 1000}`;
      const targetConds = c.targets.map(
        (
          t,
        ) => sql`i.text = any(array(select ${`${t}/`} || ${sql.ref(`${inner}.id`)} from fhir_resources ${sql.id(inner)}
          where ${sql.ref(`${inner}.resource_type`)} = ${sql.lit(t)} and not ${sql.ref(`${inner}.deleted`)}
          and ${criterionSql(t, inner, c.next)}))`,
      );
      return sql`${rid} = any(array(select i.resource_id from fhir_index i
        where i.resource_type = ${sql.lit(resourceType)} and i.param = ${sql.lit(c.code)} and ${or(targetConds)}))`;
    }
    case 'has': {
      const inner = `h${++aliasCounter % 1000}`;
      const prefix = `${resourceType}/`;
      return sql`${rid} = any(array(select substr(i.text, ${prefix.length + 1}) from fhir_index i
        where i.resource_type = ${sql.lit(c.sourceType)} and i.param = ${sql.lit(c.refParam)}
          and i.text like ${sql.lit(`${prefix}%`)} and i.resource_id = any(array(
          select ${sql.ref(`${inner}.id`)} from fhir_resources ${sql.id(inner)}
          where ${sql.ref(`${inner}.resource_type`)} = ${sql.lit(c.sourceType)} and not ${sql.ref(`${inner}.deleted`)}
          and ${criterionSql(c.sourceType, inner, c.next)}))))`;
    }
  }
}

export type SortKind = 'text' | 'timestamptz' | 'numeric';

/** A sort key as a scalar expression on `r`, with the type its cursor value is cast back to. */
export function sortExpression(
  resourceType: string,
  code: string,
  desc: boolean,
): { expr: Cond; kind: SortKind } {
  if (code === '_id') return { expr: sql`r.id`, kind: 'text' };
  if (code === '_lastUpdated') return { expr: sql`r.last_updated`, kind: 'timestamptz' };
  const sp = searchParametersOf(resourceType)[code];
  if (!sp) throw badRequest(`Cannot sort by "${code}"`);
  const agg = desc ? sql`max` : sql`min`;
  const from = sql`from fhir_index i where i.resource_type = ${sql.lit(resourceType)} and i.resource_id = r.id and i.param = ${sql.lit(code)}`;
  if (sp.type === 'date') {
    const col = desc ? sql`coalesce(i.high, i.low)` : sql`coalesce(i.low, i.high)`;
    return {
      expr: sql`coalesce((select ${agg}(${col}) ${from}), '-infinity'::timestamptz)`,
      kind: 'timestamptz',
    };
  }
  if (sp.type === 'number' || sp.type === 'quantity') {
    return { expr: sql`coalesce((select ${agg}(i.nlow) ${from}), '-Infinity'::numeric)`, kind: 'numeric' };
  }
  return { expr: sql`coalesce((select ${agg}(i.text) ${from}), '')`, kind: 'text' };
}
