/**
 * FHIR R4 shapes used by the door. The store handles resources generically: a resource is
 * JSON with a resourceType, checked against the StructureDefinitions before it is kept.
 */
export type SearchParameter = fhir4.SearchParameter;
export type CompartmentDefinition = fhir4.CompartmentDefinition;
export type OperationOutcome = fhir4.OperationOutcome;
export type OperationOutcomeIssue = fhir4.OperationOutcomeIssue;
export type Bundle = fhir4.Bundle;
export type BundleEntry = fhir4.BundleEntry;
export type CapabilityStatement = fhir4.CapabilityStatement;
export interface FhirResource {
  resourceType: string;
  id?: string;
  meta?: {
    versionId?: string;
    lastUpdated?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}
/** A stored version of a resource. */
export interface StoredResource {
  resourceType: string;
  id: string;
  version: number;
  lastUpdated: string;
  deleted: boolean;
  /** The resource as served (meta filled in); null for a deletion in history. */
  resource: FhirResource | null;
  compartments: string[];
}
