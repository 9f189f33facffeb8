import { Faker, base, en } from '@faker-js/faker';
import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Encounter,
  Patient,
  FhirResource,
  MedicationRequest,
} from 'fhir/r4.js';
import {
  ACUTE,
  ALLERGIES,
  CHRONIC,
  CVX,
  RXNORM,
  SNOMED,
  VACCINES,
  VISIT_TYPES,
  type ChronicCondition,
} from './demo-catalog.js';
import { visitObservations, type DemoVisit } from './demo-observations.js';

export interface DemoPatient {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male' | null;
  email: string | null;
  phone: string | null;
  line1: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  locale: 'en' | 'es';
}

export interface DemoRecordOptions {
  /** Seeds the generator: the same patient and seed always give the same record. */
  seed: number;
  /** Dates are laid out over the three years before this moment. */
  now: Date;
  organization: string;
  clinicians: readonly string[];
  places: readonly string[];
  /** Only demographics (a Patient resource) when false. */
  clinical: boolean;
  /**
   * A showcase record (the demo patients printed at start): an adult has high blood pressure and
   * cholesterol under treatment, and everyone has an allergy and a treated illness, so every page
   * of the record has something on it.
   */
  rich?: boolean;
}

const concept = (system: string, code: string, display: string, text = display): CodeableConcept => ({
  coding: [{ system, code, display }],
  text,
});

const DAY = 86_400_000;

/** The Patient resource for a portal patient: its id is the portal's patient id. */
export function demoPatientResource(p: DemoPatient, organization: string): Patient {
  return {
    resourceType: 'Patient',
    id: p.id,
    identifier: [
      {
        type: concept('http://terminology.hl7.org/CodeSystem/v2-0203', 'MR', 'Medical record number'),
        system: 'urn:accompany:mrn',
        value: p.mrn,
      },
    ],
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    ...(p.sex ? { gender: p.sex } : {}),
    birthDate: p.birthDate,
    telecom: [
      ...(p.phone ? [{ system: 'phone' as const, value: p.phone, use: 'mobile' as const }] : []),
      ...(p.email ? [{ system: 'email' as const, value: p.email }] : []),
    ],
    ...(p.line1
      ? {
          address: [
            {
              line: [p.line1],
              ...(p.city ? { city: p.city } : {}),
              ...(p.state ? { state: p.state } : {}),
              ...(p.postalCode ? { postalCode: p.postalCode } : {}),
              country: 'US',
            },
          ],
        }
      : {}),
    communication: [
      {
        language: concept(
          'urn:ietf:bcp:47',
          p.locale === 'es' ? 'es' : 'en',
          p.locale === 'es' ? 'Spanish' : 'English',
        ),
        preferred: true,
      },
    ],
    managingOrganization: { display: organization },
  };
}

function ageAt(birthDate: string, at: Date): number {
  return (at.getTime() - Date.parse(`${birthDate}T00:00:00Z`)) / (365.25 * DAY);
}

/**
 * A realistic record for one demo patient as a FHIR transaction of PUTs (so running it twice
 * changes nothing): visits over three years with vitals at each, yearly labs with the lab's
 * reference range and flags, chronic problems with their medicines, a short illness, allergies,
 * vaccines and visit notes. Values drift over time so repeated labs make a trend.
 */
export function demoRecordBundle(p: DemoPatient, options: DemoRecordOptions): Bundle {
  const f = new Faker({ locale: [en, base], seed: options.seed });
  const resources: FhirResource[] = [demoPatientResource(p, options.organization)];
  if (options.clinical) resources.push(...clinicalResources(p, options, f));
  const entry: BundleEntry[] = resources.map((resource) => ({
    fullUrl: `${resource.resourceType}/${resource.id}`,
    resource,
    request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
  }));
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

function clinicalResources(p: DemoPatient, o: DemoRecordOptions, f: Faker): FhirResource[] {
  const out: FhirResource[] = [];
  const subject = { reference: `Patient/${p.id}` };
  const id = () => f.string.uuid();
  const adult = ageAt(p.birthDate, o.now) >= 18;
  const clinician = f.helpers.arrayElement(o.clinicians);
  const place = f.helpers.arrayElement(o.places);
  const chronic: ChronicCondition[] = adult
    ? CHRONIC.filter(
        (c) =>
          f.number.float() < c.prevalence * 1.6 ||
          (o.rich === true && (c.key === 'hypertension' || c.key === 'hyperlipidemia')),
      )
    : [];

  // Visits: a yearly check-up, follow-ups for chronic problems, one visit for a short illness.
  const start = o.now.getTime() - 3 * 365 * DAY;
  const visits: DemoVisit[] = [];
  for (let year = 0; year < 3; year++) {
    const at = new Date(start + year * 365 * DAY + f.number.int({ min: 20, max: 330 }) * DAY);
    at.setUTCHours(f.number.int({ min: 14, max: 22 }), f.helpers.arrayElement([0, 15, 30, 45]), 0, 0);
    if (at < o.now) visits.push({ encounter: encounter('checkup', at), at, kind: 'checkup' });
    if (chronic.length > 0) {
      const later = new Date(at.getTime() + f.number.int({ min: 90, max: 180 }) * DAY);
      if (later < o.now)
        visits.push({ encounter: encounter('followUp', later), at: later, kind: 'followUp' });
    }
  }
  const acute = o.rich ? ACUTE[0] : f.helpers.arrayElement(ACUTE);
  const sickDay = new Date(o.now.getTime() - f.number.int({ min: 30, max: 600 }) * DAY);
  const sickVisit = encounter('symptom', sickDay, acute.reason);
  visits.push({ encounter: sickVisit, at: sickDay, kind: 'symptom' });
  out.push(...visits.map((v) => v.encounter));

  function encounter(kind: keyof typeof VISIT_TYPES, at: Date, reason?: string): Encounter {
    const type = VISIT_TYPES[kind];
    return {
      resourceType: 'Encounter',
      id: id(),
      status: 'finished',
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: 'AMB',
        display: 'ambulatory',
      },
      type: [concept(SNOMED, type.code, type.display)],
      subject,
      participant: [{ individual: { display: clinician } }],
      period: { start: at.toISOString(), end: new Date(at.getTime() + 30 * 60_000).toISOString() },
      ...(reason ? { reasonCode: [{ text: reason }] } : {}),
      location: [{ location: { display: place } }],
      serviceProvider: { display: o.organization },
    };
  }

  const firstVisit = visits[0]!;
  for (const c of chronic) {
    out.push({
      resourceType: 'Condition',
      id: id(),
      clinicalStatus: concept('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active', 'Active'),
      verificationStatus: concept(
        'http://terminology.hl7.org/CodeSystem/condition-ver-status',
        'confirmed',
        'Confirmed',
      ),
      category: [
        concept(
          'http://terminology.hl7.org/CodeSystem/condition-category',
          'problem-list-item',
          'Problem List Item',
        ),
      ],
      code: concept(SNOMED, c.code, c.display),
      subject,
      onsetDateTime: firstVisit.at.toISOString(),
      recordedDate: firstVisit.at.toISOString(),
    });
    out.push(medication(c.medication, firstVisit.at, 'active', firstVisit.encounter));
  }
  out.push({
    resourceType: 'Condition',
    id: id(),
    clinicalStatus: concept(
      'http://terminology.hl7.org/CodeSystem/condition-clinical',
      'resolved',
      'Resolved',
    ),
    verificationStatus: concept(
      'http://terminology.hl7.org/CodeSystem/condition-ver-status',
      'confirmed',
      'Confirmed',
    ),
    category: [
      concept(
        'http://terminology.hl7.org/CodeSystem/condition-category',
        'encounter-diagnosis',
        'Encounter Diagnosis',
      ),
    ],
    code: concept(SNOMED, acute.code, acute.display),
    subject,
    encounter: { reference: `Encounter/${sickVisit.id}` },
    onsetDateTime: sickDay.toISOString(),
    abatementDateTime: new Date(sickDay.getTime() + 10 * DAY).toISOString(),
    recordedDate: sickDay.toISOString(),
  });
  if (acute.medication) out.push(medication(acute.medication, sickDay, 'completed', sickVisit));

  function medication(
    m: { code: string; display: string; instructions: string },
    at: Date,
    status: 'active' | 'completed',
    visit: Encounter,
  ): MedicationRequest {
    return {
      resourceType: 'MedicationRequest',
      id: id(),
      status,
      intent: 'order',
      medicationCodeableConcept: concept(RXNORM, m.code, m.display),
      subject,
      encounter: { reference: `Encounter/${visit.id}` },
      authoredOn: at.toISOString(),
      requester: { display: clinician },
      dosageInstruction: [{ text: m.instructions, patientInstruction: m.instructions }],
    };
  }

  // Vital signs at every visit; labs at each check-up. Conditions shift the values.
  out.push(...visitObservations({ f, id, subject, adult, chronic, clinician, visits }));

  // Allergies for about one in three patients; vaccines every autumn and a Tdap booster.
  if (f.number.float() < 0.35 || o.rich) {
    const allergy = f.helpers.arrayElement(ALLERGIES);
    out.push({
      resourceType: 'AllergyIntolerance',
      id: id(),
      clinicalStatus: concept(
        'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
        'active',
        'Active',
      ),
      verificationStatus: concept(
        'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
        'confirmed',
        'Confirmed',
      ),
      type: 'allergy',
      category: [allergy.category],
      criticality: allergy.criticality,
      code: concept(SNOMED, allergy.code, allergy.display),
      patient: subject,
      recordedDate: firstVisit.at.toISOString(),
      reaction: [{ manifestation: [concept(SNOMED, allergy.reaction[0], allergy.reaction[1])] }],
    });
  }
  for (let year = 0; year < 3; year++) {
    const autumn = new Date(
      Date.UTC(o.now.getUTCFullYear() - year, 9, f.number.int({ min: 1, max: 28 }), 17),
    );
    if (autumn >= o.now) continue;
    out.push({
      resourceType: 'Immunization',
      id: id(),
      status: 'completed',
      vaccineCode: concept(CVX, VACCINES.flu.code, VACCINES.flu.display),
      patient: subject,
      occurrenceDateTime: autumn.toISOString(),
      primarySource: true,
      location: { display: place },
    });
  }
  if (adult) {
    out.push({
      resourceType: 'Immunization',
      id: id(),
      status: 'completed',
      vaccineCode: concept(CVX, VACCINES.tdap.code, VACCINES.tdap.display),
      patient: subject,
      occurrenceDateTime: firstVisit.at.toISOString(),
      primarySource: true,
    });
  }
  return out;
}
