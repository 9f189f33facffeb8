import type { Scope } from '../http/context.js';
import { sql } from 'kysely';
import { executePrepared } from '../db/statements.js';
import { takePrerecorded } from './prerecorded.js';

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
  const all = Array.isArray(records) ? records : [records];
  const list = scope.prerecorded ? all.filter((r) => !takePrerecorded(scope, r)) : all;
  if (list.length === 0) return;
  const insert = auditInsert(scope, list).compile(scope.tx);
  if (scope.auditWithCommit) {
    scope.auditWithCommit.push(executePrepared(insert));
    return;
  }
  await scope.tx.executeQuery(insert);
}

/**
 * The insert of `audit`: one statement whatever the number of records (the per-record values
 * travel as arrays), so its text is the same for one record or a bundle's hundred and it is
 * parsed and planned once per connection when it travels prepared (with a read's COMMIT).
 * Callers that send their writes together put it in the same statement (see writeTogether).
 */
export function auditInsert(scope: Scope, list: readonly AuditRecord[]) {
  const column = <T>(pick: (r: AuditRecord) => T) => list.map(pick);
  return sql`insert into audit_events (tenant_id, actor_id, actor_role, actor_client_id, patient_id,
      action, object_type, object_id, outcome, ip, user_agent, request_id)
    select ${scope.tenant.id}::uuid, ${scope.actor?.userId ?? null}::uuid, ${scope.actor?.role ?? null}::text,
      x.client_id, x.patient_id, x.action, x.object_type, x.object_id, x.outcome,
      ${scope.meta.ip}::text, ${scope.meta.userAgent?.slice(0, 400) ?? null}::text, ${scope.meta.requestId}::text
    from unnest(${column((r) => r.clientId ?? scope.app?.clientId ?? null)}::text[],
      ${column((r) => r.patientId)}::uuid[], ${column((r) => r.action)}::text[],
      ${column((r) => r.objectType)}::text[], ${column((r) => r.objectId)}::text[],
      ${column((r) => r.outcome ?? 'success')}::text[])
      as x(client_id, patient_id, action, object_type, object_id, outcome)`;
}
