import type { Scope } from '../http/context.js';
import type { AuditRecord } from './audit.js';

/**
 * An audit record already written in the request's first message, as its insert returned it
 * (see fhir/early-record.ts): written on a guess of what the request would need, it stands for
 * a record only when it is that record exactly.
 */
export interface PrerecordedAudit {
  actor_id: string | null;
  actor_role: string | null;
  actor_client_id: string | null;
  patient_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  outcome: string;
}

const sameId = (a: string | null, b: string | null) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/**
 * Whether `record`, as `audit` would write it in this scope, is one of the scope's prerecorded
 * records; that record is then used up (one record stands for one access).
 */
export function takePrerecorded(scope: Scope, record: AuditRecord): boolean {
  const waiting = scope.prerecorded;
  if (!waiting?.length) return false;
  const clientId = record.clientId ?? scope.app?.clientId ?? null;
  const at = waiting.findIndex(
    (row) =>
      row.action === record.action &&
      row.object_type === record.objectType &&
      row.object_id === record.objectId &&
      row.outcome === (record.outcome ?? 'success') &&
      sameId(row.patient_id, record.patientId) &&
      row.actor_client_id === clientId &&
      sameId(row.actor_id, scope.actor?.userId ?? null) &&
      row.actor_role === (scope.actor?.role ?? null),
  );
  if (at < 0) return false;
  waiting.splice(at, 1);
  return true;
}
