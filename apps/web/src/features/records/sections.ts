/** The parts of the record, each one FHIR search on the patient's compartment. */
export const sections = [
  'results',
  'visits',
  'problems',
  'medications',
  'allergies',
  'immunizations',
  'documents',
] as const;
export type RecordSection = (typeof sections)[number];

export function isSection(value: string | undefined): value is RecordSection {
  return (sections as readonly string[]).includes(value ?? '');
}

export function sectionQuery(section: RecordSection, patientId: string): string {
  const p = `patient=${encodeURIComponent(patientId)}`;
  switch (section) {
    case 'results':
      return `Observation?${p}&category=laboratory,vital-signs&_sort=-date&_count=200`;
    case 'visits':
      return `Encounter?${p}&_sort=-date&_count=100`;
    case 'problems':
      return `Condition?${p}&_count=200`;
    case 'medications':
      return `MedicationRequest?${p}&_sort=-authoredon&_count=200`;
    case 'allergies':
      return `AllergyIntolerance?${p}&_count=200`;
    case 'immunizations':
      return `Immunization?${p}&_sort=-date&_count=200`;
    case 'documents':
      return `DocumentReference?${p}&_sort=-date&_count=100`;
  }
}
