import { describe, expect, it } from 'vitest';
import { catalogs, type MessageKey } from '../../app/i18n/catalog';
import { interpolate } from '../../app/i18n/translate';
import { describeScopes, resourceLabel } from './scope-labels';

const tIn = (locale: 'en' | 'es') => (key: MessageKey, vars?: Record<string, string | number>) =>
  interpolate(catalogs[locale][key], vars);

describe('scopes in plain language', () => {
  it('names known record types, the whole record, and others by their type', () => {
    const t = tIn('en');
    expect(resourceLabel(t, 'Observation')).toBe('Test results and vital signs');
    expect(resourceLabel(t, '*')).toBe('Your whole health record');
    expect(resourceLabel(t, 'Flag')).toBe('Records of type Flag');
    expect(resourceLabel(tIn('es'), 'Condition')).toBe('Problemas de salud');
  });

  it('describes a grant by its data scopes only, each kind once', () => {
    const t = tIn('en');
    expect(
      describeScopes(t, [
        'openid',
        'fhirUser',
        'launch/patient',
        'offline_access',
        'patient/Observation.rs',
        'patient/Observation.read',
        'patient/AllergyIntolerance.rs',
      ]),
    ).toEqual(['Test results and vital signs', 'Allergies']);
  });
});
