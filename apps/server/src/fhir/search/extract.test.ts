import { describe, expect, it } from 'vitest';
import { patientCompartmentParams } from '../definitions.js';
import { compartmentsOf, extractIndex } from './extract.js';

const observation = {
  resourceType: 'Observation',
  id: 'o1',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }], text: 'Pulse' },
  subject: { reference: 'Patient/p1' },
  performer: [{ reference: 'Practitioner/d1' }, { reference: 'Patient/p2' }],
  effectiveDateTime: '2021-03-04T10:00:05Z',
  valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
};

describe('index extraction', () => {
  it('indexes each parameter type from the official expressions', () => {
    const rows = extractIndex(observation);
    expect(rows).toContainEqual(
      expect.objectContaining({ param: 'code', system: 'http://loinc.org', text: '8867-4' }),
    );
    expect(rows).toContainEqual(expect.objectContaining({ param: 'code:text', text: 'heart rate' }));
    expect(rows).toContainEqual(expect.objectContaining({ param: 'code:text', text: 'pulse' }));
    expect(rows).toContainEqual(expect.objectContaining({ param: 'subject', text: 'Patient/p1' }));
    expect(rows).toContainEqual(
      expect.objectContaining({
        param: 'date',
        low: '2021-03-04T10:00:05.000Z',
        high: '2021-03-04T10:00:05.999Z',
      }),
    );
    expect(rows).toContainEqual(expect.objectContaining({ param: 'value-quantity', nlow: 72, unit: '/min' }));
    expect(rows.some((r) => r.param === 'component-code')).toBe(false);
  });

  it('folds names for search and keeps the original for :exact', () => {
    const rows = extractIndex({
      resourceType: 'Patient',
      id: 'p',
      name: [{ family: 'Núñez', given: ['José'] }],
    });
    expect(rows).toContainEqual(expect.objectContaining({ param: 'family', text: 'nunez', system: 'Núñez' }));
    expect(rows).toContainEqual(expect.objectContaining({ param: 'name', text: 'jose' }));
  });

  it('stores a value found more than once as one row, and keeps rows that differ in any field', () => {
    const rows = extractIndex({
      resourceType: 'Appointment',
      id: 'a1',
      status: 'booked',
      participant: [
        { actor: { reference: 'Patient/p1' }, status: 'accepted' },
        { actor: { reference: 'Practitioner/d1' }, status: 'accepted' },
        { actor: { reference: 'Location/l1' }, status: 'accepted' },
      ],
    });
    expect(rows.filter((r) => r.param === 'part-status')).toEqual([
      expect.objectContaining({ text: 'accepted' }),
    ]);
    expect(rows.filter((r) => r.param === 'actor').map((r) => r.text)).toEqual([
      'Patient/p1',
      'Practitioner/d1',
      'Location/l1',
    ]);
    // The same code in two systems is two rows.
    const coded = extractIndex({
      ...observation,
      code: {
        coding: [
          { system: 'http://loinc.org', code: 'x' },
          { system: 'http://snomed.info/sct', code: 'x' },
        ],
      },
    });
    expect(coded.filter((r) => r.param === 'code').map((r) => r.system)).toEqual([
      'http://loinc.org',
      'http://snomed.info/sct',
    ]);
  });

  it('puts a resource in the compartments of the patients the CompartmentDefinition names', () => {
    const rows = extractIndex(observation);
    expect(compartmentsOf(observation, rows, patientCompartmentParams('Observation')).sort()).toEqual([
      'p1',
      'p2',
    ]);
    expect(
      compartmentsOf({ resourceType: 'Patient', id: 'p9' }, [], patientCompartmentParams('Patient')),
    ).toEqual(['p9']);
    expect(patientCompartmentParams('Organization')).toEqual([]);
  });
});
