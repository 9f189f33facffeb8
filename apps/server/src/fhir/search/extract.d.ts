import type { FhirResource, SearchParameter } from '../types.js';
/** One indexed value of one search parameter (see migration 004 for the column meanings). */
export interface IndexRow {
  param: string;
  text: string | null;
  system: string | null;
  unit: string | null;
  low: string | null;
  high: string | null;
  nlow: number | null;
  nhigh: number | null;
}
export declare const INDEXED_TYPES: Set<string>;
/** The search parameters the store indexes for a type (the official ones of a supported kind). */
export declare function indexedParams(resourceType: string): SearchParameter[];
/** Extracts every index row of a resource, by evaluating each parameter's FHIRPath expression. */
export declare function extractIndex(resource: FhirResource): IndexRow[];
/** Patient ids whose compartment holds the resource, from the CompartmentDefinition's parameters. */
export declare function compartmentsOf(resource: FhirResource, rows: IndexRow[], params: string[]): string[];
