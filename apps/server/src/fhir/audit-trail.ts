import { audit, type AuditAction, type AuditOutcome, type AuditRecord } from '../platform/audit/audit.js';
import type { FhirContext } from './access.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Touched {
  resourceType: string;
  id: string | null;
  compartments: readonly string[];
}

/**
 * One audit record per resource touched, written in the caller's transaction. The patient is
 * the compartment owner (portal patients' FHIR ids are their uuids); ids only, never content.
 */
export async function auditFhir(
  ctx: FhirContext,
  action: AuditAction,
  touched: Touched[],
  outcome: AuditOutcome = 'success',
): Promise<void> {
  await audit(ctx.scope, fhirAuditRecords(ctx, action, touched, outcome));
}

/** The records `auditFhir` writes, for callers that write them with their other writes. */
export function fhirAuditRecords(
  ctx: FhirContext,
  action: AuditAction,
  touched: Touched[],
  outcome: AuditOutcome = 'success',
): AuditRecord[] {
  const clientId = ctx.access.grant?.clientId ?? null;
  return touched.map((t) => {
    const patient = t.compartments.find((c) => UUID.test(c)) ?? ctx.access.patientId;
    return {
      action,
      objectType: `fhir:${t.resourceType}`,
      objectId: t.id,
      patientId: patient && UUID.test(patient) ? patient : null,
      clientId,
      outcome,
    };
  });
}
