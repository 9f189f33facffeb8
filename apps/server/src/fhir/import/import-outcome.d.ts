import type { ImportTally } from './importer.js';
/** The import summary as a FHIR Parameters resource: one part per resource type. */
export declare function importOutcome(tally: ImportTally): {
  resourceType: string;
  parameter: {
    name: string;
    part: {
      name: 'created' | 'updated' | 'unchanged' | 'failed';
      valueInteger: number;
    }[];
  }[];
};
