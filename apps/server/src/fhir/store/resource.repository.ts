import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import type { IndexRow } from '../search/extract.js';
import type { FhirResource, StoredResource } from '../types.js';

/** A new version to write: the resource row, its history row and its index rows. */
export interface VersionWrite {
  resourceType: string;
  id: string;
  version: number;
  lastUpdated: string;
  deleted: boolean;
  resource: FhirResource | null;
  compartments: string[];
  index: IndexRow[];
}

interface ResourceRow {
  resource_type: string;
  id: string;
  version: number;
  last_updated: Date | string;
  deleted: boolean;
  content: FhirResource | null;
  compartments: string[];
}

export function toStored(r: ResourceRow): StoredResource {
  return {
    resourceType: r.resource_type,
    id: r.id,
    version: r.version,
    lastUpdated: new Date(r.last_updated).toISOString(),
    deleted: r.deleted,
    resource: r.deleted ? null : r.content,
    compartments: r.compartments,
  };
}

/** The statement of findCurrent (a caller may send it with others, see fhir.routes.ts). */
export function currentQuery(keys: { resourceType: string; id: string }[], lock: boolean) {
  return sql<ResourceRow>`
    select r.resource_type, r.id, r.version, r.last_updated, r.deleted, r.content, r.compartments
    from fhir_resources r
    join unnest(${keys.map((k) => k.resourceType)}::text[], ${keys.map((k) => k.id)}::text[]) as k(t, i)
      on r.resource_type = k.t and r.id = k.i
    ${lock ? sql`for update of r` : sql``}`;
}

/**
 * currentQuery for one resource, its text the same for every key. Keyed by plain equalities, not
 * by arrays: PostgreSQL then keeps one generic plan for the prepared statement, where the array
 * form, whose length it cannot know, was planned anew on every read.
 */
export function currentOfOne(_db: Tx, resourceType: string, id: string) {
  return {
    sql: `select r.resource_type, r.id, r.version, r.last_updated, r.deleted, r.content, r.compartments
      from fhir_resources r where r.resource_type = $1 and r.id = $2`,
    parameters: [resourceType, id],
  };
}

/** Rows of currentQuery by "Type/id". */
export const currentByKey = (rows: unknown[]): Map<string, StoredResource> =>
  new Map((rows as ResourceRow[]).map((r) => [`${r.resource_type}/${r.id}`, toStored(r)]));

/** Current rows of resources by type and id, locked for update when asked (writes). */
export async function findCurrent(
  tx: Tx,
  keys: { resourceType: string; id: string }[],
  lock: boolean,
): Promise<Map<string, StoredResource>> {
  if (!keys.length) return new Map();
  return currentByKey((await currentQuery(keys, lock).execute(tx)).rows);
}

export async function findVersion(tx: Tx, resourceType: string, id: string, version: number) {
  const rows = await sql<ResourceRow>`
    select resource_type, id, version, last_updated, deleted, content, compartments from fhir_history
    where resource_type = ${resourceType} and id = ${id} and version = ${version}`.execute(tx);
  return rows.rows[0] ? toStored(rows.rows[0]) : null;
}

/** History, newest first, keyset-paged on (last_updated, id, version). */
export async function findHistory(
  tx: Tx,
  filter: { resourceType?: string; id?: string; since?: string; patientId?: string | null },
  limit: number,
  before?: { lastUpdated: string; id: string; version: number },
) {
  const rows = await sql<ResourceRow>`
    select resource_type, id, version, last_updated, deleted, content, compartments from fhir_history
    where true
      ${filter.resourceType ? sql`and resource_type = ${filter.resourceType}` : sql``}
      ${filter.id ? sql`and id = ${filter.id}` : sql``}
      ${filter.since ? sql`and last_updated >= ${filter.since}::timestamptz` : sql``}
      ${filter.patientId ? sql`and compartments @> array[${filter.patientId}]::text[]` : sql``}
      ${
        before
          ? sql`and (last_updated, id, version) < (${before.lastUpdated}::timestamptz, ${before.id}, ${before.version})`
          : sql``
      }
    order by last_updated desc, id desc, version desc
    limit ${limit}`.execute(tx);
  return rows.rows.map(toStored);
}

/**
 * Writes versions in four statements whatever their number: the current rows (upsert), the
 * history rows, the old index rows out and the new ones in. Arrays travel as parameters
 * (unnest), so a bundle of 100 resources is four round trips, not hundreds.
 */
export async function writeVersions(tx: Tx, tenantId: string, writes: VersionWrite[]): Promise<void> {
  for (const statement of versionStatements(tenantId, writes)) await statement.execute(tx);
}

/**
 * The statements `writeVersions` runs, in order. When every write is a first version (nothing
 * to replace in the index) they are independent of each other, and a caller may send them in
 * one statement with its other writes.
 */
export function versionStatements(tenantId: string, writes: VersionWrite[]): RawBuilder<unknown>[] {
  if (!writes.length) return [];
  const types = writes.map((w) => w.resourceType);
  const ids = writes.map((w) => w.id);
  const versions = writes.map((w) => w.version);
  const updated = writes.map((w) => w.lastUpdated);
  const deleted = writes.map((w) => w.deleted);
  const contents = writes.map((w) => (w.resource ? JSON.stringify(w.resource) : null));
  const compartments = writes.map((w) => w.compartments.join(','));
  const statements: RawBuilder<unknown>[] = [
    sql`
    insert into fhir_resources (tenant_id, resource_type, id, version, last_updated, deleted, content, compartments)
    select ${tenantId}::uuid, t, i, v, u, d, coalesce(c::jsonb, '{}'::jsonb), string_to_array(p, ',')
    from unnest(${types}::text[], ${ids}::text[], ${versions}::int[], ${updated}::timestamptz[],
      ${deleted}::boolean[], ${contents}::text[], ${compartments}::text[]) as x(t, i, v, u, d, c, p)
    on conflict (tenant_id, resource_type, id) do update set version = excluded.version,
      last_updated = excluded.last_updated, deleted = excluded.deleted,
      content = case when excluded.deleted then fhir_resources.content else excluded.content end,
      compartments = excluded.compartments`,
    sql`
    insert into fhir_history (tenant_id, resource_type, id, version, last_updated, deleted, content, compartments)
    select ${tenantId}::uuid, t, i, v, u, d, c::jsonb, string_to_array(p, ',')
    from unnest(${types}::text[], ${ids}::text[], ${versions}::int[], ${updated}::timestamptz[],
      ${deleted}::boolean[], ${contents}::text[], ${compartments}::text[]) as x(t, i, v, u, d, c, p)`,
  ];
  const replaced = writes.filter((w) => w.version > 1);
  if (replaced.length) {
    statements.push(sql`
      delete from fhir_index f using unnest(${replaced.map((w) => w.resourceType)}::text[],
        ${replaced.map((w) => w.id)}::text[]) as k(t, i)
      where f.resource_type = k.t and f.resource_id = k.i`);
  }
  const rows = writes.flatMap((w) => (w.deleted ? [] : w.index.map((r) => ({ w, r }))));
  if (rows.length) {
    statements.push(sql`
    insert into fhir_index (tenant_id, resource_type, resource_id, param, text, system, unit, low, high, nlow, nhigh)
    select ${tenantId}::uuid, * from unnest(
      ${rows.map((x) => x.w.resourceType)}::text[], ${rows.map((x) => x.w.id)}::text[],
      ${rows.map((x) => x.r.param)}::text[], ${rows.map((x) => x.r.text)}::text[],
      ${rows.map((x) => x.r.system)}::text[], ${rows.map((x) => x.r.unit)}::text[],
      ${rows.map((x) => x.r.low)}::timestamptz[], ${rows.map((x) => x.r.high)}::timestamptz[],
      ${rows.map((x) => x.r.nlow)}::numeric[], ${rows.map((x) => x.r.nhigh)}::numeric[])`);
  }
  return statements;
}
