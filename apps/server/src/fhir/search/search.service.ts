import { sql, type RawBuilder } from 'kysely';
import { executePrepared } from '../../platform/db/statements.js';
import { assertAllowed, type FhirAccess, type FhirContext } from '../access.js';
import { auditFhir } from '../audit-trail.js';
import { badRequest } from '../operation-outcome.js';
import { toStored } from '../store/resource.repository.js';
import { assertType } from '../store/resource.service.js';
import { isSupportedType } from '../resource-types.js';
import type { Tx } from '../../platform/db/database.js';
import type { EarlyFetch } from '../early-record.js';
import type { Bundle, BundleEntry, StoredResource } from '../types.js';
import { parseSearch, type Include, type SearchQuery } from './parse.js';
import { criterionSql, sortExpression, type SortKind } from './sql.js';
import { shapeResource } from './shape.js';

const COLUMNS = sql`r.resource_type, r.id, r.version, r.last_updated, r.deleted, r.content, r.compartments`;

/** The access predicate on alias r: a patient-bound caller sees only their compartment. */
export function reachSql(access: FhirAccess): RawBuilder<unknown> {
  return access.patientId ? sql`r.compartments @> array[${access.patientId}]::text[]` : sql`true`;
}

interface Page {
  matches: StoredResource[];
  next: string | null;
  total: number | null;
}

function encodeCursor(values: string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, keys: number): string[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === keys && v.every((x) => typeof x === 'string')) return v;
  } catch {
    // fall through
  }
  throw badRequest('The _cursor is not one this server issued');
}

const cast = (value: string, kind: SortKind) =>
  kind === 'text'
    ? sql`${value}::text`
    : kind === 'numeric'
      ? sql`${value}::numeric`
      : sql`${value}::timestamptz`;

type SortKey = { expr: RawBuilder<unknown>; kind: SortKind; desc: boolean };

/** The keys a search's rows are ordered and paged by: its _sort, then the id. */
function sortKeys(q: SearchQuery): SortKey[] {
  const keys: SortKey[] = [
    ...q.sort.map((s) => ({ ...sortExpression(q.resourceType, s.code, s.desc), desc: s.desc })),
  ];
  keys.push({ expr: sql`r.id`, kind: 'text', desc: keys[0]?.desc ?? false });
  return keys;
}

/**
 * The statement of the matching part of a search for a caller of this reach: keyset paging on
 * the sort keys plus id, so a page link stays correct while resources are added or removed
 * before it. Throws a 400 on a cursor this server did not issue.
 */
function matchStatement(access: FhirAccess, q: SearchQuery, db: Tx) {
  const where = [
    sql`r.resource_type = ${sql.lit(q.resourceType)}`,
    sql`not r.deleted`,
    reachSql(access),
    ...q.criteria.map((c) => criterionSql(q.resourceType, 'r', c)),
  ];
  const keys = sortKeys(q);
  const filters = [...where];
  if (q.cursor) {
    const values = decodeCursor(q.cursor, keys.length);
    const readable = (v: string, kind: SortKind) =>
      kind === 'text' ||
      (kind === 'numeric'
        ? /^(-?Infinity|-?\d+(\.\d+)?(e[-+]?\d+)?)$/i.test(v)
        : v === '-infinity' || !Number.isNaN(Date.parse(v)));
    if (!keys.every((k, i) => readable(values[i]!, k.kind)))
      throw badRequest('The _cursor is not one this server issued');
    // Lexicographic "after the last row" over keys of mixed directions.
    const ors = keys.map((k, i) => {
      const eqs = keys.slice(0, i).map((p, j) => sql`${p.expr} = ${cast(values[j]!, p.kind)}`);
      const cmp = k.desc ? sql`<` : sql`>`;
      return sql`(${sql.join([...eqs, sql`${k.expr} ${cmp} ${cast(values[i]!, k.kind)}`], sql` and `)})`;
    });
    filters.push(sql`(${sql.join(ors, sql` or `)})`);
  }
  const order = sql.join(
    keys.map((k) => sql`${k.expr} ${k.desc ? sql`desc` : sql`asc`}`),
    sql`, `,
  );
  const sortCols = keys.map((k, i) => sql`(${k.expr})::text as ${sql.id(`k${i}`)}`);
  // Prepared per connection: searches of one shape (the same type, parameters and page size,
  // other values) share a statement. Its generic plan is the one its values would get (see
  // criterionSql), so a transaction that sends it early asks PostgreSQL to keep to that plan
  // rather than plan each search again, which cost about three times running it.
  const compiled = () =>
    sql`select ${COLUMNS}, ${sql.join(sortCols, sql`, `)} from fhir_resources r
        where ${sql.join(filters, sql` and `)} order by ${order} limit ${sql.lit(q.count + 1)}`.compile(db);
  const statement = () => executePrepared(compiled());
  return { statement, keys, where, compiled };
}

/** Whether a search is its match statement alone (no count, no includes): it can be sent early. */
const matchesOnly = (q: SearchQuery) =>
  q.total === 'none' &&
  q.summary !== 'count' &&
  q.count > 0 &&
  q.include.length === 0 &&
  q.revinclude.length === 0;

/**
 * A search's match statement built before its caller is known, for a caller of reach
 * `patientId` (see search()); null when the search is more than that statement or is malformed
 * (the search itself then reports what is wrong, in its usual order).
 */
export function earlySearch(
  db: Tx,
  resourceType: string,
  params: Record<string, string[]>,
  lenient: boolean,
  patientId: string | null,
): { statement: () => string; patientId: string | null; fetch: EarlyFetch; query: SearchQuery } | null {
  try {
    if (!isSupportedType(resourceType)) return null;
    const q = parseSearch(resourceType, params, lenient);
    if (!matchesOnly(q)) return null;
    const access: FhirAccess = { kind: 'smart', patientId, grant: null };
    const compiled = matchStatement(access, q, db).compiled();
    // Rows numbered as the statement returns them (in its order); the page is the first `count`
    // (one more is fetched to know whether a next page exists).
    return {
      statement: () => executePrepared(compiled),
      patientId,
      query: q,
      fetch: {
        interaction: 'search',
        resourceType,
        query: {
          sql: `select m.*, row_number() over () as ord from (${compiled.sql}) as m`,
          parameters: compiled.parameters,
        },
        answered: `f.ord <= ${q.count}`,
        order: 'f.ord',
      },
    };
  } catch {
    return null;
  }
}

/** Runs the matching part of a search; `fetched` is its statement's rows when already sent. */
export async function findMatches(ctx: FhirContext, q: SearchQuery, fetched?: unknown[]): Promise<Page> {
  // Rows already fetched (an early statement) need only the keys to page on.
  let match: ReturnType<typeof matchStatement> | null = null;
  const built = () => (match ??= matchStatement(ctx.access, q, ctx.scope.tx));
  const keys = fetched ? sortKeys(q) : built().keys;
  let total: number | null = null;
  if (q.total === 'accurate' || q.total === 'estimate' || q.summary === 'count') {
    const { where } = built();
    const counted = await sql<{ n: number }>`select count(*)::int as n from fhir_resources r where ${sql.join(
      where,
      sql` and `,
    )}`.execute(ctx.scope.tx);
    total = counted.rows[0]!.n;
  }
  if (q.count === 0 || q.summary === 'count') return { matches: [], next: null, total };
  type Row = Parameters<typeof toStored>[0] & Record<string, string>;
  const rows = {
    rows: (fetched ?? (await sql.raw(built().statement()).execute(ctx.scope.tx)).rows) as Row[],
  };
  const more = rows.rows.length > q.count;
  const page = rows.rows.slice(0, q.count);
  let next: string | null = null;
  if (more) {
    const last = page[page.length - 1]!;
    next = encodeCursor(keys.map((k, i) => normalizeKey(last[`k${i}`]!, k.kind)));
  }
  if (total === null && !q.cursor && !more) total = page.length;
  return { matches: page.map(toStored), next, total };
}

/** PostgreSQL's text form of a timestamptz reads back with a cast; keep it as is otherwise. */
const normalizeKey = (v: string, _kind: SortKind) => v;

async function fetchIncludes(
  ctx: FhirContext,
  matches: StoredResource[],
  includes: Include[],
  reverse: boolean,
) {
  if (!matches.length || !includes.length) return [];
  const found: StoredResource[] = [];
  for (const inc of includes) {
    if (reverse) {
      const refs = matches.map((m) => `${m.resourceType}/${m.id}`);
      if (!canRead(ctx.access, inc.sourceType)) continue;
      const rows = await sql<Parameters<typeof toStored>[0]>`
        select ${COLUMNS} from fhir_resources r where r.resource_type = ${inc.sourceType} and not r.deleted
          and ${reachSql(ctx.access)} and r.id in (select i.resource_id from fhir_index i
            where i.resource_type = ${inc.sourceType} and i.param = ${inc.param} and i.text = any(${refs}::text[]))
        limit 5000`.execute(ctx.scope.tx);
      found.push(...rows.rows.map(toStored));
    } else {
      const ids = matches.filter((m) => m.resourceType === inc.sourceType).map((m) => m.id);
      const refs = await sql<{ text: string }>`
        select distinct i.text from fhir_index i where i.resource_type = ${inc.sourceType}
          and i.param = ${inc.param} and i.resource_id = any(${ids}::text[])`.execute(ctx.scope.tx);
      const targets = refs.rows
        .map((r) => /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(r.text))
        .filter((m): m is RegExpExecArray => m !== null)
        .filter((m) => (!inc.targetType || m[1] === inc.targetType) && canRead(ctx.access, m[1]!));
      if (!targets.length) continue;
      const rows = await sql<Parameters<typeof toStored>[0]>`
        select ${COLUMNS} from fhir_resources r
        join unnest(${targets.map((m) => m[1]!)}::text[], ${targets.map((m) => m[2]!)}::text[]) as k(t, i)
          on r.resource_type = k.t and r.id = k.i
        where not r.deleted and ${reachSql(ctx.access)}`.execute(ctx.scope.tx);
      found.push(...rows.rows.map(toStored));
    }
  }
  const seen = new Set(matches.map((m) => `${m.resourceType}/${m.id}`));
  return found.filter((f) => {
    const key = `${f.resourceType}/${f.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function canRead(access: FhirAccess, type: string): boolean {
  try {
    assertAllowed(access, type, 'read');
    return true;
  } catch {
    return false;
  }
}

export interface SearchResult {
  query: SearchQuery;
  matches: StoredResource[];
  included: StoredResource[];
  next: string | null;
  total: number | null;
}

/** Searches one resource type: matches, includes, audit (one record per resource returned). */
export async function search(
  ctx: FhirContext,
  resourceType: string,
  params: Record<string, string[]>,
  options: { lenient?: boolean } = {},
  early?: { rows: unknown[]; patientId: string | null; query?: SearchQuery },
): Promise<SearchResult> {
  assertType(resourceType);
  assertAllowed(ctx.access, resourceType, 'search');
  // An early statement's parse is this request's own (same parameters, same handling).
  const query = early?.query ?? parseSearch(resourceType, params, options.lenient ?? false);
  // The rows of an early statement stand only if it was built for this caller's reach.
  const fetched =
    early && early.patientId === ctx.access.patientId && matchesOnly(query) ? early.rows : undefined;
  const page = await findMatches(ctx, query, fetched);
  const included = [
    ...(await fetchIncludes(ctx, page.matches, query.include, false)),
    ...(await fetchIncludes(ctx, page.matches, query.revinclude, true)),
  ];
  await auditFhir(ctx, 'search', [...page.matches, ...included]);
  return { query, matches: page.matches, included, next: page.next, total: page.total };
}

/** The searchset Bundle, with self and next links that carry the cursor. */
export function searchBundle(result: SearchResult, base: string, params: Record<string, string[]>): Bundle {
  const { query } = result;
  const link = (cursor: string | null) => {
    const qs = new URLSearchParams();
    for (const [k, vs] of Object.entries(params)) if (k !== '_cursor') for (const v of vs) qs.append(k, v);
    if (cursor) qs.append('_cursor', cursor);
    const s = qs.toString();
    return `${base}/${query.resourceType}${s ? `?${s}` : ''}`;
  };
  const entry = (s: StoredResource, mode: 'match' | 'include'): BundleEntry => ({
    fullUrl: `${base}/${s.resourceType}/${s.id}`,
    resource: shapeResource(s.resource!, query) as never,
    search: { mode },
  });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(result.total !== null ? { total: result.total } : {}),
    link: [
      { relation: 'self', url: link(query.cursor) },
      { relation: 'first', url: link(null) },
      ...(result.next ? [{ relation: 'next', url: link(result.next) }] : []),
    ],
    entry: [
      ...result.matches.map((m) => entry(m, 'match')),
      ...result.included.map((m) => entry(m, 'include')),
    ],
  };
}
