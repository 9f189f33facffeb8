import type { Scope } from '../http/context.js';
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
    scope.auditWithCommit.push(auditStatement(scope, list));
    return;
  }
  await scope.tx
    .insertInto('audit_events')
    .values(
      list.map((r) => ({
        tenant_id: scope.tenant.id,
        actor_id: scope.actor?.userId ?? null,
        actor_role: scope.actor?.role ?? null,
        actor_client_id: r.clientId ?? scope.app?.clientId ?? null,
        patient_id: r.patientId,
        action: r.action,
        object_type: r.objectType,
        object_id: r.objectId,
        outcome: r.outcome ?? 'success',
        ip: scope.meta.ip,
        user_agent: scope.meta.userAgent?.slice(0, 400) ?? null,
        request_id: scope.meta.requestId,
      })),
    )
    .execute();
}

/**
 * The same rows as one prepared statement whatever their number (the per-record values travel
 * as arrays), to be sent with the transaction's COMMIT.
 */
const AUDIT_ROWS = `insert into audit_events (tenant_id, actor_id, actor_role, actor_client_id, patient_id,
    action, object_type, object_id, outcome, ip, user_agent, request_id)
  select $1::uuid, $2::uuid, $3::text, x.client_id, x.patient_id, x.action, x.object_type, x.object_id,
    x.outcome, $4::text, $5::text, $6::text
  from unnest($7::text[], $8::uuid[], $9::text[], $10::text[], $11::text[], $12::text[])
    as x(client_id, patient_id, action, object_type, object_id, outcome)`;

function auditStatement(scope: Scope, list: AuditRecord[]): string {
  const column = <T>(pick: (r: AuditRecord) => T) => list.map(pick);
  return executePrepared({
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
  });
}
