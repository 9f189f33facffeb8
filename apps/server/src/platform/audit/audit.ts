import type { Scope } from '../http/context.js';
import { CompiledQuery } from 'kysely';
import { executePrepared } from '../db/statements.js';

export type AuditAction = 'read' | 'search' | 'create' | 'update' | 'delete' | 'export';
export type AuditOutcome = 'success' | 'denied' | 'error';

export interface AuditRecord {
  action: AuditAction;
  objectType: string;
  objectId: string | null;
  patientId: string | null;
  outcome?: AuditOutcome;
  /** The registered app, when access came through a SMART token. */
  clientId?: string | null;
}

/**
 * Writes audit records inside the caller's transaction: the record exists exactly when
 * the access it describes happened. Repositories that touch patient data call this
 * themselves, so no route can forget it.
 */
export async function audit(scope: Scope, records: AuditRecord | AuditRecord[]): Promise<void> {
  const list = Array.isArray(records) ? records : [records];
  if (list.length === 0) return;
  if (scope.auditWithCommit) {
    scope.auditWithCommit.push(executePrepared(auditRows(scope, list)));
    return;
  }
  await scope.tx.executeQuery(CompiledQuery.raw(AUDIT_ROWS, auditRows(scope, list).parameters));
}

/**
 * One statement whatever the number of records (the per-record values travel as arrays): the
 * same text for one record or a bundle's hundred, so that it is parsed and planned once per
 * connection when it travels prepared (with a read's COMMIT).
 */
const AUDIT_ROWS = `insert into audit_events (tenant_id, actor_id, actor_role, actor_client_id, patient_id,
    action, object_type, object_id, outcome, ip, user_agent, request_id)
  select $1::uuid, $2::uuid, $3::text, x.client_id, x.patient_id, x.action, x.object_type, x.object_id,
    x.outcome, $4::text, $5::text, $6::text
  from unnest($7::text[], $8::uuid[], $9::text[], $10::text[], $11::text[], $12::text[])
    as x(client_id, patient_id, action, object_type, object_id, outcome)`;

function auditRows(scope: Scope, list: AuditRecord[]) {
  const column = <T>(pick: (r: AuditRecord) => T) => list.map(pick);
  return {
    sql: AUDIT_ROWS,
    parameters: [
      scope.tenant.id,
      scope.actor?.userId ?? null,
      scope.actor?.role ?? null,
      scope.meta.ip,
      scope.meta.userAgent?.slice(0, 400) ?? null,
      scope.meta.requestId,
      column((r) => r.clientId ?? scope.app?.clientId ?? null),
      column((r) => r.patientId),
      column((r) => r.action),
      column((r) => r.objectType),
      column((r) => r.objectId),
      column((r) => r.outcome ?? 'success'),
    ],
  };
}
