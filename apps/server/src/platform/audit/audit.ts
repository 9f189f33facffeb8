import type { Scope } from '../http/context.js';
import { inline } from '../db/statements.js';

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
  const insert = scope.tx
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
    );
  if (scope.auditWithCommit) scope.auditWithCommit.push(inline(insert.compile()));
  else await insert.execute();
}
