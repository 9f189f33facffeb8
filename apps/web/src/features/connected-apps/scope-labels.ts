import type { Translate } from '../../app/i18n/i18n';
import type { MessageKey } from '../../app/i18n/catalog';

const NAMED = new Set([
  'Patient',
  'Observation',
  'Condition',
  'MedicationRequest',
  'Medication',
  'AllergyIntolerance',
  'Immunization',
  'Procedure',
  'Encounter',
  'DiagnosticReport',
  'DocumentReference',
  'CarePlan',
  'Goal',
  'CareTeam',
  'Coverage',
  'Appointment',
]);

/** `patient/Observation.rs` → "Test results and vital signs"; the type in plain language. */
export function resourceLabel(t: Translate, resourceType: string): string {
  if (resourceType === '*') return t('scope.all');
  if (NAMED.has(resourceType)) return t(`scope.${resourceType}` as MessageKey);
  return t('scope.other', { type: resourceType });
}

const CLINICAL = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\./;

/** Plain-language names of the data scopes in a granted list (identity scopes left out). */
export function describeScopes(t: Translate, scopes: readonly string[]): string[] {
  const labels: string[] = [];
  for (const s of scopes) {
    const type = CLINICAL.exec(s)?.[2];
    if (!type) continue;
    const label = resourceLabel(t, type);
    if (!labels.includes(label)) labels.push(label);
  }
  return labels;
}
