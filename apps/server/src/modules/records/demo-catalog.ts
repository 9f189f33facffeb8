/**
 * Clinical vocabulary the demo records draw from: real code systems (SNOMED CT, RxNorm, LOINC,
 * CVX) with the displays an EHR would send, so the record pages and the FHIR API show data
 * shaped like what a health system exports.
 */
export const SNOMED = 'http://snomed.info/sct';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const LOINC = 'http://loinc.org';
export const CVX = 'http://hl7.org/fhir/sid/cvx';
export const UCUM = 'http://unitsofmeasure.org';

export interface ChronicCondition {
  key: 'diabetes' | 'hypertension' | 'hyperlipidemia' | 'asthma' | 'depression';
  code: string;
  display: string;
  /** Share of adults in the demo who have it. */
  prevalence: number;
  medication: { code: string; display: string; instructions: string };
}

export const CHRONIC: ChronicCondition[] = [
  {
    key: 'hypertension',
    code: '38341003',
    display: 'Hypertension',
    prevalence: 0.3,
    medication: {
      code: '314076',
      display: 'lisinopril 10 MG Oral Tablet',
      instructions: 'Take 1 tablet by mouth once a day.',
    },
  },
  {
    key: 'hyperlipidemia',
    code: '55822004',
    display: 'Hyperlipidemia',
    prevalence: 0.25,
    medication: {
      code: '617312',
      display: 'atorvastatin 10 MG Oral Tablet',
      instructions: 'Take 1 tablet by mouth every evening.',
    },
  },
  {
    key: 'diabetes',
    code: '44054006',
    display: 'Diabetes mellitus type 2',
    prevalence: 0.15,
    medication: {
      code: '860975',
      display: '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet',
      instructions: 'Take 1 tablet by mouth with the evening meal.',
    },
  },
  {
    key: 'asthma',
    code: '195967001',
    display: 'Asthma',
    prevalence: 0.1,
    medication: {
      code: '895994',
      display: '120 ACTUAT fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler',
      instructions: 'Inhale 2 puffs twice a day. Rinse your mouth after each use.',
    },
  },
  {
    key: 'depression',
    code: '35489007',
    display: 'Depressive disorder',
    prevalence: 0.1,
    medication: {
      code: '312940',
      display: 'sertraline 50 MG Oral Tablet',
      instructions: 'Take 1 tablet by mouth each morning.',
    },
  },
];

/** Short illnesses that come and go, with what was prescribed for them. */
export const ACUTE = [
  {
    code: '43878008',
    display: 'Streptococcal sore throat',
    reason: 'Sore throat',
    medication: {
      code: '308182',
      display: 'amoxicillin 250 MG Oral Capsule',
      instructions: 'Take 2 capsules by mouth twice a day for 10 days.',
    },
  },
  {
    code: '36971009',
    display: 'Sinusitis',
    reason: 'Sinus pain and congestion',
    medication: {
      code: '310965',
      display: 'ibuprofen 200 MG Oral Tablet',
      instructions: 'Take 1 to 2 tablets every 6 hours as needed for pain.',
    },
  },
  {
    code: '10509002',
    display: 'Acute bronchitis',
    reason: 'Cough',
    medication: null,
  },
] as const;

export const ALLERGIES = [
  {
    code: '373270004',
    display: 'Penicillin -class of antibiotic-',
    category: 'medication',
    reaction: ['247472004', 'Hives'],
    criticality: 'high',
  },
  {
    code: '256349002',
    display: 'Peanut',
    category: 'food',
    reaction: ['39579001', 'Anaphylaxis'],
    criticality: 'high',
  },
  {
    code: '256277009',
    display: 'Grass pollen',
    category: 'environment',
    reaction: ['76067001', 'Sneezing'],
    criticality: 'low',
  },
  {
    code: '227037002',
    display: 'Fish',
    category: 'food',
    reaction: ['271807003', 'Skin rash'],
    criticality: 'low',
  },
] as const;

export const VACCINES = {
  flu: { code: '140', display: 'Influenza, seasonal, injectable, preservative free' },
  covid: {
    code: '208',
    display: 'SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 30 mcg/0.3mL dose',
  },
  tdap: { code: '115', display: 'Tdap' },
} as const;

export const VISIT_TYPES = {
  checkup: { code: '185349003', display: 'Encounter for check up' },
  symptom: { code: '185345009', display: 'Encounter for symptom' },
  followUp: { code: '390906007', display: 'Follow-up encounter' },
} as const;

export interface LabDefinition {
  code: string;
  display: string;
  /** The short name a lab report prints, sent as the concept's text. */
  name: string;
  unit: string;
  low: number;
  high: number;
  /** Typical value and spread for a healthy adult; conditions shift it. */
  mean: number;
  spread: number;
  decimals: number;
}

export const LIPIDS: LabDefinition[] = [
  {
    code: '2093-3',
    display: 'Cholesterol [Mass/volume] in Serum or Plasma',
    name: 'Total cholesterol',
    unit: 'mg/dL',
    low: 0,
    high: 199,
    mean: 185,
    spread: 25,
    decimals: 0,
  },
  {
    code: '2571-8',
    display: 'Triglyceride [Mass/volume] in Serum or Plasma',
    name: 'Triglycerides',
    unit: 'mg/dL',
    low: 0,
    high: 149,
    mean: 120,
    spread: 35,
    decimals: 0,
  },
  {
    code: '18262-6',
    display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay',
    name: 'LDL cholesterol',
    unit: 'mg/dL',
    low: 0,
    high: 129,
    mean: 110,
    spread: 22,
    decimals: 0,
  },
  {
    code: '2085-9',
    display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma',
    name: 'HDL cholesterol',
    unit: 'mg/dL',
    low: 40,
    high: 100,
    mean: 52,
    spread: 10,
    decimals: 0,
  },
];

export const METABOLIC: LabDefinition[] = [
  {
    code: '2339-0',
    display: 'Glucose [Mass/volume] in Blood',
    name: 'Glucose',
    unit: 'mg/dL',
    low: 70,
    high: 99,
    mean: 88,
    spread: 9,
    decimals: 0,
  },
  {
    code: '38483-4',
    display: 'Creatinine [Mass/volume] in Blood',
    name: 'Creatinine',
    unit: 'mg/dL',
    low: 0.6,
    high: 1.3,
    mean: 0.95,
    spread: 0.15,
    decimals: 2,
  },
  {
    code: '2947-0',
    display: 'Sodium [Moles/volume] in Blood',
    name: 'Sodium',
    unit: 'mmol/L',
    low: 136,
    high: 145,
    mean: 140,
    spread: 2,
    decimals: 0,
  },
  {
    code: '6298-4',
    display: 'Potassium [Moles/volume] in Blood',
    name: 'Potassium',
    unit: 'mmol/L',
    low: 3.5,
    high: 5.1,
    mean: 4.2,
    spread: 0.3,
    decimals: 1,
  },
];

export const HBA1C: LabDefinition = {
  code: '4548-4',
  display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
  name: 'Hemoglobin A1c',
  unit: '%',
  low: 4,
  high: 5.6,
  mean: 5.3,
  spread: 0.2,
  decimals: 1,
};
