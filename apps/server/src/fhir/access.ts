import type { Scope } from '../platform/http/context.js';
import { scopeAllows, type Interaction } from './smart/scopes.js';
import type { SmartGrant } from './smart/grant.js';
import { forbiddenError } from './operation-outcome.js';

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
export const systemAccess: FhirAccess = { kind: 'system', patientId: null, grant: null };

/**
 * Types whose resources mirror the scheduling module's rows: callers change them through the
 * module's use cases (Appointment/$hold and $book, the app), never by writing the resource, so no
 * write can book around the slot rules. Trusted system callers (imports of records) still write.
 */
const OWNED_BY_USE_CASES = new Set(['Appointment', 'Schedule', 'Slot', 'HealthcareService']);

export function assertAllowed(
  access: FhirAccess,
  resourceType: string,
  interaction: Interaction,
  options: { viaUseCase?: boolean } = {},
): void {
  if (
    !options.viaUseCase &&
    access.kind !== 'system' &&
    (interaction === 'create' || interaction === 'update' || interaction === 'delete') &&
    OWNED_BY_USE_CASES.has(resourceType)
  ) {
    throw forbiddenError(
      `${resourceType} resources follow the schedule: book with Appointment/$hold and $book`,
    );
  }
  if (access.kind === 'staff' || access.kind === 'system') return;
  if (access.kind === 'patient') {
    if (interaction === 'read' || interaction === 'search') return;
    throw forbiddenError('A patient account reads its record here; changes go through the app');
  }
  if (!access.grant || !scopeAllows(access.grant.scopes, resourceType, interaction)) {
    throw forbiddenError(`The token's scopes do not allow ${interaction} on ${resourceType}`);
  }
}

/** Whether a stored resource is within reach (the compartment check for patient-bound callers). */
export function inReach(access: FhirAccess, compartments: readonly string[]): boolean {
  return access.patientId === null || compartments.includes(access.patientId);
}

/** The audit fields that say how the access came. */
export const auditVia = (access: FhirAccess) => ({ clientId: access.grant?.clientId ?? null });

/**
 * The FHIR context for a module service working in an /api request or a job: staff act for
 * the organization, a patient reads their own compartment, no actor (a job) acts as the system.
 * The records pages and the scheduling module call the FHIR services with this.
 */
export function fhirContextFor(scope: Scope): FhirContext {
  const actor = scope.actor;
  if (!actor) return { scope, access: systemAccess };
  if (actor.role === 'patient') {
    if (!actor.patientId) throw forbiddenError('This account has no patient record');
    return { scope, access: { kind: 'patient', patientId: actor.patientId, grant: null } };
  }
  return { scope, access: { kind: 'staff', patientId: null, grant: null } };
}
