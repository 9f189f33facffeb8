import type { Scope } from '../platform/http/context.js';
import { type Interaction } from './smart/scopes.js';
import type { SmartGrant } from './smart/grant.js';
/**
 * Who is calling the FHIR door and what they may reach. Staff (session) reach their tenant;
 * a signed-in patient reads their own compartment; a SMART token reaches what its scopes
 * allow, and only its patient's compartment when it carries a patient context.
 */
export interface FhirAccess {
  kind: 'staff' | 'patient' | 'smart' | 'system';
  /** When set, every read and write is confined to this patient's compartment. */
  patientId: string | null;
  grant: SmartGrant | null;
}
/** The transaction, the caller and what they may reach: every FHIR service call takes one. */
export interface FhirContext {
  scope: Scope;
  access: FhirAccess;
}
/** Trusted server-side callers (import CLI, module services acting for the organization). */
export declare const systemAccess: FhirAccess;
export declare function assertAllowed(
  access: FhirAccess,
  resourceType: string,
  interaction: Interaction,
): void;
/** Whether a stored resource is within reach (the compartment check for patient-bound callers). */
export declare function inReach(access: FhirAccess, compartments: readonly string[]): boolean;
/** The audit fields that say how the access came. */
export declare const auditVia: (access: FhirAccess) => {
  clientId: string | null;
};
