/**
 * Typical adult ranges for common labs and vitals, by LOINC code and UCUM unit. Used only when the
 * lab sent no reference range with a result, and then labelled "typical range", never "your
 * lab's range": a person still sees whether a number is in the usual band, and the label says
 * where the band came from. A range applies only when the result's unit is the one listed.
 */
export interface TypicalRange {
  unit: string;
  low?: number;
  high?: number;
}

const LOINC = 'http://loinc.org';

const RANGES: Record<string, TypicalRange> = {
  '2339-0': { unit: 'mg/dL', low: 70, high: 99 }, // glucose
  '2093-3': { unit: 'mg/dL', high: 199 }, // total cholesterol
  '18262-6': { unit: 'mg/dL', high: 129 }, // LDL cholesterol
  '2085-9': { unit: 'mg/dL', low: 40 }, // HDL cholesterol
  '2571-8': { unit: 'mg/dL', high: 149 }, // triglycerides
  '38483-4': { unit: 'mg/dL', low: 0.6, high: 1.3 }, // creatinine
  '6299-2': { unit: 'mg/dL', low: 7, high: 20 }, // urea nitrogen
  '49765-1': { unit: 'mg/dL', low: 8.5, high: 10.2 }, // calcium
  '2947-0': { unit: 'mmol/L', low: 136, high: 145 }, // sodium
  '6298-4': { unit: 'mmol/L', low: 3.5, high: 5.1 }, // potassium
  '2069-3': { unit: 'mmol/L', low: 98, high: 107 }, // chloride
  '20565-8': { unit: 'mmol/L', low: 22, high: 29 }, // carbon dioxide
  '4548-4': { unit: '%', high: 5.6 }, // hemoglobin A1c
  '8480-6': { unit: 'mm[Hg]', low: 90, high: 129 }, // systolic blood pressure
  '8462-4': { unit: 'mm[Hg]', low: 60, high: 84 }, // diastolic blood pressure
  '8867-4': { unit: '/min', low: 60, high: 100 }, // heart rate
  '9279-1': { unit: '/min', low: 12, high: 20 }, // respiratory rate
  '39156-5': { unit: 'kg/m2', low: 18.5, high: 24.9 }, // body mass index
};

export function typicalRange(system: string | undefined, code: string | undefined, unit: string | undefined) {
  if (system !== LOINC || !code || !unit) return undefined;
  const range = RANGES[code];
  return range && range.unit.toLowerCase() === unit.toLowerCase() ? range : undefined;
}
