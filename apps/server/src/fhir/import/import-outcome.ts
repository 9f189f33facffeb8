import type { ImportTally } from './importer.js';

/** The import summary as a FHIR Parameters resource: one part per resource type. */
export function importOutcome(tally: ImportTally) {
  return {
    resourceType: 'Parameters',
    parameter: Object.entries(tally).map(([type, c]) => ({
      name: type,
      part: (['created', 'updated', 'unchanged', 'failed'] as const).map((k) => ({
        name: k,
        valueInteger: c[k],
      })),
    })),
  };
}
