import type { JobQueue } from '../../platform/jobs/queue.js';
import type { FhirContext } from '../access.js';
import { auditFhir } from '../audit-trail.js';
import { badRequest, FhirError, issue, notFoundError } from '../operation-outcome.js';
import { isSupportedType, RESOURCE_TYPES } from '../resource-types.js';
import { scopeAllows } from '../smart/scopes.js';
import { readResource } from '../store/resource.service.js';

export const EXPORT_QUEUE = 'fhir.bulk-export';
const FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);

export type ExportLevel = 'system' | 'patient' | 'group';

/**
 * Bulk Data kick-off: records the request and queues the job that writes the NDJSON files.
 * A patient-bound caller's export stays in their compartment whatever the level; a token's
 * export holds only the types its scopes may read.
 */
export async function kickOffExport(
  ctx: FhirContext,
  level: ExportLevel,
  params: Record<string, string[]>,
  requestUrl: string,
  jobs: JobQueue,
  groupId?: string,
): Promise<string> {
  for (const k of Object.keys(params)) {
    if (!['_type', '_since', '_outputFormat', '_format'].includes(k))
      throw badRequest(`Unknown parameter ${k}`);
  }
  const format = params._outputFormat?.[0];
  if (format !== undefined && !FORMATS.has(format))
    throw badRequest('_outputFormat must be application/fhir+ndjson');
  let types = params._type ? params._type.flatMap((t) => t.split(',')).filter(Boolean) : null;
  for (const t of types ?? [])
    if (!isSupportedType(t)) throw badRequest(`${t} is not a resource type served here`);
  const grant = ctx.access.grant;
  if (grant) {
    types = (types ?? [...RESOURCE_TYPES]).filter((t) => scopeAllows(grant.scopes, t, 'read'));
    if (!types.length)
      throw new FhirError(403, [issue('forbidden', "The token's scopes allow reading none of these types")]);
  }
  const since = params._since?.[0];
  if (since !== undefined && Number.isNaN(Date.parse(since))) throw badRequest('_since must be an instant');
  if (level === 'group') await readResource(ctx, 'Group', groupId ?? '');
  const row = await ctx.scope.tx
    .insertInto('fhir_exports')
    .values({
      tenant_id: ctx.scope.tenant.id,
      requested_by: ctx.scope.actor?.userId ?? null,
      client_id: grant?.clientId ?? null,
      patient_id: ctx.access.patientId,
      level,
      group_id: groupId ?? null,
      types,
      since: since ?? null,
      request_url: requestUrl,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await jobs.enqueue(ctx.scope.tx, ctx.scope.tenant.id, EXPORT_QUEUE, { exportId: row.id });
  await auditFhir(ctx, 'export', [
    { resourceType: 'Bulk', id: row.id, compartments: ctx.access.patientId ? [ctx.access.patientId] : [] },
  ]);
  return row.id;
}

/** The export if the caller is the one who asked for it; otherwise "not found". */
async function ownExport(ctx: FhirContext, id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw notFoundError('No such export');
  const row = await ctx.scope.tx
    .selectFrom('fhir_exports')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  const mine =
    row &&
    row.patient_id === ctx.access.patientId &&
    (ctx.access.grant
      ? row.client_id === ctx.access.grant.clientId
      : row.requested_by === (ctx.scope.actor?.userId ?? null));
  if (!row || !mine) throw notFoundError('No such export');
  return row;
}

export async function exportStatus(ctx: FhirContext, id: string, base: string) {
  const row = await ownExport(ctx, id);
  if (row.status === 'accepted') return { status: 'accepted' as const };
  if (row.status === 'failed') {
    throw new FhirError(500, [issue('exception', row.error ?? 'The export failed')]);
  }
  const files = await ctx.scope.tx
    .selectFrom('fhir_export_files')
    .select(['resource_type', 'count'])
    .where('export_id', '=', id)
    .orderBy('resource_type')
    .execute();
  return {
    status: 'completed' as const,
    manifest: {
      transactionTime: new Date(row.created_at).toISOString(),
      request: row.request_url,
      requiresAccessToken: true,
      output: files.map((f) => ({
        type: f.resource_type,
        url: `${base}/$export-file/${id}/${f.resource_type}`,
        count: f.count,
      })),
      error: [],
    },
  };
}

export async function exportFile(ctx: FhirContext, id: string, resourceType: string): Promise<string> {
  await ownExport(ctx, id);
  const file = await ctx.scope.tx
    .selectFrom('fhir_export_files')
    .select(['ndjson', 'count'])
    .where('export_id', '=', id)
    .where('resource_type', '=', resourceType)
    .executeTakeFirst();
  if (!file) throw notFoundError('No such export file');
  return file.ndjson;
}

export async function deleteExport(ctx: FhirContext, id: string): Promise<void> {
  await ownExport(ctx, id);
  await ctx.scope.tx.deleteFrom('fhir_exports').where('id', '=', id).execute();
}
