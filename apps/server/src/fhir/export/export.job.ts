import { sql } from 'kysely';
import { inTenant, type Db } from '../../platform/db/database.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { RESOURCE_TYPES } from '../resource-types.js';
import { EXPORT_QUEUE } from './export.service.js';

/** Patients a group names as members (Group.member.entity), by id. */
function groupMembers(group: { member?: { entity?: { reference?: string } }[] } | null): string[] {
  return (group?.member ?? [])
    .map((m) => /^Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(m.entity?.reference ?? '')?.[1])
    .filter((id): id is string => Boolean(id));
}

/**
 * Writes an export's NDJSON files, one per resource type, in one transaction. Patient and group
 * exports hold the compartments of the patients concerned; a patient-bound export only its own.
 */
export function exportJobHandlers(db: Db): Record<string, JobHandler> {
  return {
    [EXPORT_QUEUE]: async (job) => {
      const exportId = String((job.payload as { exportId?: string }).exportId);
      await inTenant(db, job.tenantId, async (tx) => {
        const row = await tx
          .selectFrom('fhir_exports')
          .selectAll()
          .where('id', '=', exportId)
          .executeTakeFirst();
        if (!row || row.status !== 'accepted') return;
        let patients: string[] | null = row.patient_id ? [row.patient_id] : null;
        if (row.level === 'group' && row.group_id) {
          const group = await tx
            .selectFrom('fhir_resources')
            .select('content')
            .where('resource_type', '=', 'Group')
            .where('id', '=', row.group_id)
            .where('deleted', '=', false)
            .executeTakeFirst();
          const members = groupMembers(group?.content as never);
          patients = patients ? patients.filter((p) => members.includes(p)) : members;
        }
        const types = row.types ?? [...RESOURCE_TYPES];
        for (const type of types) {
          const found = await sql<{ content: unknown }>`
            select content from fhir_resources where resource_type = ${type} and not deleted
              ${row.since ? sql`and last_updated >= ${row.since}` : sql``}
              ${patients ? sql`and compartments && ${patients}::text[]` : row.level !== 'system' ? sql`and compartments <> '{}'` : sql``}
            order by id`.execute(tx);
          if (!found.rows.length) continue;
          await tx
            .insertInto('fhir_export_files')
            .values({
              tenant_id: job.tenantId,
              export_id: exportId,
              resource_type: type,
              ndjson: found.rows.map((r) => JSON.stringify(r.content)).join('\n') + '\n',
              count: found.rows.length,
            })
            .execute();
        }
        await tx
          .updateTable('fhir_exports')
          .set({ status: 'completed', finished_at: sql<Date>`now()` })
          .where('id', '=', exportId)
          .execute();
      });
    },
  };
}
