import { conceptKey, conceptText, firstCoding } from './codeable';
import type { CodeableConcept, Observation, Quantity, ReferenceRange } from './fhir-types';
import { typicalRange } from './typical-ranges';

export type ResultFlag = 'critical-high' | 'high' | 'critical-low' | 'low' | 'abnormal' | 'normal';
export type ResultCategory = 'laboratory' | 'vital-signs' | 'other';

export interface ResultPoint {
  observationId: string | undefined;
  at: string;
  /** The number when the result is numeric; null for coded or text results. */
  value: number | null;
  /** The value as a person reads it: "5.4", "< 0.5", "Positive". */
  display: string;
  unit: string;
  low: number | undefined;
  high: number | undefined;
  rangeText: string | undefined;
  /** Where the range came from: the lab's own, or the typical adult band (see typical-ranges). */
  rangeSource: 'lab' | 'typical' | undefined;
  flag: ResultFlag | undefined;
}

export interface ResultSeries {
  key: string;
  name: string;
  category: ResultCategory;
  unit: string;
  /** Oldest first. */
  points: ResultPoint[];
}

const INTERPRETATION: Record<string, ResultFlag> = {
  HH: 'critical-high',
  HU: 'critical-high',
  H: 'high',
  LL: 'critical-low',
  LU: 'critical-low',
  L: 'low',
  A: 'abnormal',
  AA: 'abnormal',
  N: 'normal',
};

function whenOf(o: Observation): string | undefined {
  return o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.issued;
}

function categoryOf(o: Observation): ResultCategory {
  const codes = (o.category ?? []).flatMap((c) => c.coding ?? []).map((c) => c.code);
  if (codes.includes('laboratory')) return 'laboratory';
  if (codes.includes('vital-signs') || codes.includes('vital-sign')) return 'vital-signs';
  return 'other';
}

function flagFromInterpretation(interpretation: CodeableConcept[] | undefined): ResultFlag | undefined {
  for (const concept of interpretation ?? [])
    for (const coding of concept.coding ?? []) {
      const flag = coding.code ? INTERPRETATION[coding.code] : undefined;
      if (flag) return flag;
    }
  return undefined;
}

function formatNumber(value: number): string {
  // Labs send as many decimals as they mean; floating-point noise (5.300000001) is trimmed.
  return String(Number(value.toPrecision(6)));
}

interface ValueParts {
  code: CodeableConcept;
  valueQuantity?: Quantity;
  valueString?: string;
  valueCodeableConcept?: CodeableConcept;
  interpretation?: CodeableConcept[];
  referenceRange?: ReferenceRange[];
}

function pointOf(parts: ValueParts, at: string, observationId: string | undefined): ResultPoint | null {
  const q = parts.valueQuantity;
  const unit = q?.unit ?? q?.code ?? '';
  let value: number | null = null;
  let display: string;
  if (q && typeof q.value === 'number') {
    value = q.value;
    display = `${q.comparator ? `${q.comparator} ` : ''}${formatNumber(q.value)}`;
  } else if (parts.valueCodeableConcept) {
    display = conceptText(parts.valueCodeableConcept);
  } else if (parts.valueString !== undefined) {
    display = parts.valueString;
  } else {
    return null;
  }

  const labRange = parts.referenceRange?.[0];
  const coding = firstCoding(parts.code);
  const typical = labRange ? undefined : typicalRange(coding?.system, coding?.code, q?.code ?? q?.unit);
  const low = labRange?.low?.value ?? typical?.low;
  const high = labRange?.high?.value ?? typical?.high;

  let flag = flagFromInterpretation(parts.interpretation);
  if (!flag && value !== null && (low !== undefined || high !== undefined)) {
    // No interpretation sent: compare with the range, the way the lab would have flagged it.
    flag = high !== undefined && value > high ? 'high' : low !== undefined && value < low ? 'low' : 'normal';
  }
  return {
    observationId,
    at,
    value,
    display,
    unit,
    low,
    high,
    rangeText: labRange?.text,
    rangeSource: labRange ? 'lab' : typical ? 'typical' : undefined,
    flag,
  };
}

/**
 * Groups results into series by what was measured (LOINC or other coding), oldest first, so a
 * repeated lab or vital becomes one line with a trend. A panel with components (blood pressure)
 * gives one series per component. Entered-in-error and cancelled results are left out.
 */
export function resultSeries(observations: readonly Observation[]): ResultSeries[] {
  const byKey = new Map<string, ResultSeries>();
  const add = (key: string, name: string, category: ResultCategory, point: ResultPoint) => {
    let series = byKey.get(key);
    if (!series) byKey.set(key, (series = { key, name, category, unit: point.unit, points: [] }));
    series.points.push(point);
  };
  for (const o of observations) {
    if (o.status === 'entered-in-error' || o.status === 'cancelled') continue;
    const at = whenOf(o);
    if (!at) continue;
    const category = categoryOf(o);
    const own = pointOf(o, at, o.id);
    if (own) add(conceptKey(o.code), conceptText(o.code, '?'), category, own);
    for (const component of o.component ?? []) {
      const point = pointOf(component, at, o.id);
      if (point) add(conceptKey(component.code), conceptText(component.code, '?'), category, point);
    }
  }
  const order: Record<ResultCategory, number> = { laboratory: 0, 'vital-signs': 1, other: 2 };
  const all = [...byKey.values()];
  for (const s of all) s.points.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return all.sort((a, b) => order[a.category] - order[b.category] || a.name.localeCompare(b.name));
}

export function latest(series: ResultSeries): ResultPoint {
  return series.points[series.points.length - 1]!;
}

/** A trend needs at least two numeric points. */
export function isTrend(series: ResultSeries): boolean {
  return series.points.filter((p) => p.value !== null).length >= 2;
}

export function isOutOfRange(flag: ResultFlag | undefined): boolean {
  return flag !== undefined && flag !== 'normal';
}
