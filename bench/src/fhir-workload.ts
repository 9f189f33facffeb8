import { randomUUID } from 'node:crypto';

/** The FHIR benchmark's request bodies: what a clinic's EHR feed and apps send. */
export const FAMILIES = Array.from({ length: 500 }, (_, i) => `Family${String(i).padStart(3, '0')}x`);

export function patient(i: number) {
  return {
    resourceType: 'Patient',
    identifier: [{ system: 'urn:bench:mrn', value: `MRN${i}` }],
    name: [{ family: FAMILIES[i % FAMILIES.length], given: [`Given${i}`] }],
    gender: i % 2 ? 'female' : 'male',
    birthDate: `19${String(40 + (i % 60)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
  };
}

export function observation(subject: string, i: number) {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
        ],
      },
    ],
    code: {
      coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }],
      text: 'Heart rate',
    },
    subject: { reference: subject },
    effectiveDateTime: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
    valueQuantity: { value: 60 + (i % 40), unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}

/**
 * A transaction of 100: one patient and 99 observations that reference it by urn:uuid. The
 * patient's family is none the search workload asks for, so however much is ingested before, the
 * searches find what the seeding wrote.
 */
export function ingestBundle(seed: number) {
  const fullUrl = `urn:uuid:${randomUUID()}`;
  const ingested = { ...patient(seed), name: [{ family: 'Ingested', given: [`Given${seed}`] }] };
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl, resource: ingested, request: { method: 'POST', url: 'Patient' } },
      ...Array.from({ length: 99 }, (_, i) => ({
        resource: observation(fullUrl, i),
        request: { method: 'POST', url: 'Observation' },
      })),
    ],
  };
}

/** A transaction of 100 patients (seeding the search and read workloads). */
export function patientBundle(start: number) {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: Array.from({ length: 100 }, (_, i) => ({
      resource: patient(start + i),
      request: { method: 'POST', url: 'Patient' },
    })),
  };
}
