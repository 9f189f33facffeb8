import type { SearchParameter } from './types.js';
export declare function loadDefinitions(): void;
/** The official search parameters of a resource type, by code. */
export declare function searchParametersOf(resourceType: string): Record<string, SearchParameter>;
/**
 * The R4 CompartmentDefinition for Patient: for each resource type, the search parameters whose
 * references put a resource in a patient's compartment (Observation: subject, performer).
 */
export declare function patientCompartmentParams(resourceType: string): string[];
