import { Faker, base, en } from '@faker-js/faker';
import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Encounter,
  Observation,
  Patient,
  FhirResource,
  MedicationRequest,
} from 'fhir/r4.js';
import {
  ACUTE,
  ALLERGIES,
  CHRONIC,
  CVX,
  HBA1C,
  LIPIDS,
  LOINC,
  METABOLIC,
  RXNORM,
  SNOMED,
  UCUM,
  VACCINES,
  VISIT_TYPES,
  type ChronicCondition,
  type LabDefinition,
} from './demo-catalog.js';

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
    ? CHRONIC.filter((c) => f.number.float() < c.prevalence * 1.6)
    : [];

  // Visits: a yearly check-up, follow-ups for chronic problems, one visit for a short illness.
  const start = o.now.getTime() - 3 * 365 * DAY;
  const visits: { encounter: Encounter; at: Date; kind: keyof typeof VISIT_TYPES }[] = [];
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
  const acute = f.helpers.arrayElement(ACUTE);
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
  const has = (key: ChronicCondition['key']) => chronic.some((c) => c.key === key);
  const heightCm = adult ? f.number.int({ min: 152, max: 190 }) : f.number.int({ min: 80, max: 150 });
  let weightKg = adult ? f.number.float({ min: 52, max: 105, fractionDigits: 1 }) : heightCm * 0.25;
  const vitalsCategory = [
    concept('http://terminology.hl7.org/CodeSystem/observation-category', 'vital-signs', 'Vital Signs'),
  ];
  const labCategory = [
    concept('http://terminology.hl7.org/CodeSystem/observation-category', 'laboratory', 'Laboratory'),
  ];
  const sorted = [...visits].sort((a, b) => a.at.getTime() - b.at.getTime());
  sorted.forEach((v, index) => {
    const at = v.at.toISOString();
    const base = {
      status: 'final' as const,
      subject,
      encounter: { reference: `Encounter/${v.encounter.id}` },
      effectiveDateTime: at,
      issued: at,
    };
    const quantity = (value: number, unit: string) => ({ value, unit, system: UCUM, code: unit });
    weightKg = Math.round((weightKg + f.number.float({ min: -1.5, max: 1.8 })) * 10) / 10;
    const systolic = Math.round(
      (has('hypertension') ? 142 - index * 3 : 116) + f.number.int({ min: -6, max: 6 }),
    );
    const diastolic = Math.round(
      (has('hypertension') ? 90 - index * 2 : 74) + f.number.int({ min: -5, max: 5 }),
    );
    const vitals: Observation[] = [
      {
        resourceType: 'Observation',
        id: id(),
        ...base,
        category: vitalsCategory,
        code: concept(LOINC, '85354-9', 'Blood pressure panel with all children optional', 'Blood pressure'),
        component: [
          {
            code: concept(LOINC, '8480-6', 'Systolic blood pressure'),
            valueQuantity: quantity(systolic, 'mm[Hg]'),
          },
          {
            code: concept(LOINC, '8462-4', 'Diastolic blood pressure'),
            valueQuantity: quantity(diastolic, 'mm[Hg]'),
          },
        ],
      },
      {
        resourceType: 'Observation',
        id: id(),
        ...base,
        category: vitalsCategory,
        code: concept(LOINC, '8867-4', 'Heart rate'),
        valueQuantity: quantity(f.number.int({ min: 58, max: 92 }), '/min'),
      },
      {
        resourceType: 'Observation',
        id: id(),
        ...base,
        category: vitalsCategory,
        code: concept(LOINC, '29463-7', 'Body weight'),
        valueQuantity: quantity(weightKg, 'kg'),
      },
    ];
    if (v.kind === 'checkup') {
      vitals.push(
        {
          resourceType: 'Observation',
          id: id(),
          ...base,
          category: vitalsCategory,
          code: concept(LOINC, '8302-2', 'Body height'),
          valueQuantity: quantity(heightCm, 'cm'),
        },
        {
          resourceType: 'Observation',
          id: id(),
          ...base,
          category: vitalsCategory,
          code: concept(LOINC, '39156-5', 'Body mass index (BMI) [Ratio]', 'Body mass index'),
          valueQuantity: quantity(Math.round((weightKg / (heightCm / 100) ** 2) * 10) / 10, 'kg/m2'),
        },
      );
      const labs: LabDefinition[] = adult ? [...METABOLIC, ...LIPIDS] : [];
      if (has('diabetes')) labs.push(HBA1C);
      for (const lab of labs) {
        const shift = labShift(lab.code, has, index);
        const raw = lab.mean + shift + f.number.float({ min: -1, max: 1 }) * lab.spread;
        const value = Number(Math.max(0, raw).toFixed(lab.decimals));
        const flag = value > lab.high ? 'H' : value < lab.low ? 'L' : 'N';
        vitals.push({
          resourceType: 'Observation',
          id: id(),
          ...base,
          category: labCategory,
          code: concept(LOINC, lab.code, lab.display),
          valueQuantity: quantity(value, lab.unit),
          interpretation: [
            concept(
              'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
              flag,
              flag === 'H' ? 'High' : flag === 'L' ? 'Low' : 'Normal',
            ),
          ],
          referenceRange: [
            {
              ...(lab.low > 0 ? { low: quantity(lab.low, lab.unit) } : {}),
              high: quantity(lab.high, lab.unit),
            },
          ],
        });
      }
    }
    out.push(...vitals);
    out.push({
      resourceType: 'DocumentReference',
      id: id(),
      status: 'current',
      type: concept(LOINC, '11506-3', 'Progress note'),
      subject,
      date: at,
      description: `${VISIT_TYPES[v.kind].display}: visit note`,
      author: [{ display: clinician }],
      content: [
        {
          attachment: {
            contentType: 'text/plain',
            title: 'visit-note.txt',
            data: Buffer.from(
              `${VISIT_TYPES[v.kind].display} on ${at.slice(0, 10)} with ${clinician}.\n` +
                (chronic.length
                  ? `Ongoing: ${chronic.map((c) => c.display).join(', ')}.\n`
                  : 'No ongoing problems.\n'),
            ).toString('base64'),
          },
        },
      ],
      context: { encounter: [{ reference: `Encounter/${v.encounter.id}` }] },
    });
  });

  // Allergies for about one in three patients; vaccines every autumn and a Tdap booster.
  if (f.number.float() < 0.35) {
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

/** How a chronic condition moves a lab: above the range at first, easing with treatment. */
function labShift(code: string, has: (key: ChronicCondition['key']) => boolean, visitIndex: number): number {
  const easing = Math.max(0, 1 - visitIndex * 0.2);
  if (has('diabetes') && code === '2339-0') return 60 * easing + 15;
  if (has('diabetes') && code === '4548-4') return 2.6 * easing + 0.6;
  if (has('hyperlipidemia') && (code === '2093-3' || code === '18262-6')) return 55 * easing + 10;
  if (has('hyperlipidemia') && code === '2571-8') return 60 * easing;
  return 0;
}
