import type { Faker } from '@faker-js/faker';
import type { Encounter, FhirResource, Observation, Reference } from 'fhir/r4.js';
import {
  HBA1C,
  LIPIDS,
  LOINC,
  METABOLIC,
  UCUM,
  VISIT_TYPES,
  type ChronicCondition,
  type LabDefinition,
} from './demo-catalog.js';

const concept = (system: string, code: string, display: string, text = display) => ({
  coding: [{ system, code, display }],
  text,
});

export interface DemoVisit {
  encounter: Encounter;
  at: Date;
  kind: keyof typeof VISIT_TYPES;
}

interface VisitContext {
  f: Faker;
  id: () => string;
  subject: Reference;
  adult: boolean;
  chronic: readonly ChronicCondition[];
  clinician: string;
  visits: readonly DemoVisit[];
}

/**
 * What each visit left in the record: vital signs every time, labs (with the lab's reference
 * range and flag) at check-ups, and a visit note. Chronic conditions push labs above the range at
 * first and ease with treatment, so repeated results make a trend worth a chart.
 */
export function visitObservations({
  f,
  id,
  subject,
  adult,
  chronic,
  clinician,
  visits,
}: VisitContext): FhirResource[] {
  const out: FhirResource[] = [];
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
          code: concept(LOINC, lab.code, lab.display, lab.name),
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
