import type { Scope } from '../../platform/http/context.js';
import { AppError } from '../../platform/errors.js';
import { audit } from '../../platform/audit/audit.js';
import { readPatient, searchPatients, toSummary } from './patients.repository.js';

/** Staff roles that work with patient charts; billing sees demographics for accounts. */
export const chartRoles = ['front_desk', 'clinician', 'billing', 'admin'] as const;

export async function getPatientForStaff(scope: Scope, patientId: string) {
  const row = await readPatient(scope, patientId);
  if (!row) throw new AppError('not_found', 'No patient with that id');
  return toSummary(row);
}

export const findPatients = (
  scope: Scope,
  q: string | undefined,
  cursor: string | undefined,
  limit: number,
) => searchPatients(scope, q, cursor, limit);

/**
 * A patient reaches only their own record. Another patient's id answers 404 (no hint that
 * it exists) and the attempt is kept in the audit trail.
 */
export async function assertOwnRecord(scope: Scope, patientId: string) {
  if (scope.actor?.role === 'patient' && scope.actor.patientId !== patientId) {
    await audit(scope, {
      action: 'read',
      objectType: 'Patient',
      objectId: patientId,
      patientId,
      outcome: 'denied',
    });
    throw new AppError('not_found', 'No patient with that id', { keepWrites: true });
  }
}

/**
 * Which of these ids are patients of this organization's portal (records imported from an EHR
 * may name patients who have no portal account). Reads ids only: nothing to audit.
 */
export async function portalPatientIds(scope: Scope, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await scope.tx
    .selectFrom('patients')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}
