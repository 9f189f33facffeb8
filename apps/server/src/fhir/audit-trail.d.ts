import { type AuditAction } from '../platform/audit/audit.js';
import type { FhirContext } from './access.js';
export interface Touched {
  resourceType: string;
  id: string | null;
  compartments: readonly string[];
}
/**
 * One audit record per resource touched, written in the caller's transaction. The patient is
 * the compartment owner (portal patients' FHIR ids are their uuids); ids only, never content.
 */
export declare function auditFhir(ctx: FhirContext, action: AuditAction, touched: Touched[]): Promise<void>;
