import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle, Observation, Resource } from './fhir-types';
import { isTrend, latest, resultSeries } from './observations';

const fixtures = resolve(import.meta.dirname, '../../../../../../../shared/fixtures/synthea');
const patientFiles = readdirSync(fixtures).filter((f) => /_[0-9a-f-]{36}\.json$/.test(f));

function resourcesOf(file: string): Resource[] {
  const bundle = JSON.parse(readFileSync(join(fixtures, file), 'utf8')) as Bundle;
  return (bundle.entry ?? []).map((e) => e.resource!).filter(Boolean);
}

const observationsOf = (file: string) =>
  resourcesOf(file).filter((r): r is Observation => r.resourceType === 'Observation');

describe('result series from real-shaped records', () => {
  it('has every numeric reading of every patient exactly once, oldest first', () => {
    for (const file of patientFiles) {
      const observations = observationsOf(file);
      const series = resultSeries(observations);
      // Counted independently: one reading per valueQuantity, plus one per component with one.
      const expected =
        observations.filter((o) => o.valueQuantity).length +
        observations.flatMap((o) => o.component ?? []).filter((c) => c.valueQuantity).length;
      const numeric = series.flatMap((s) => s.points).filter((p) => p.value !== null).length;
      expect(numeric, file).toBe(expected);
      for (const s of series) {
        const times = s.points.map((p) => Date.parse(p.at));
        expect([...times].sort((a, b) => a - b)).toEqual(times);
      }
    }
  });

  it('groups a repeated lab by its code and splits blood pressure into its two readings', () => {
    const file = patientFiles.find((f) =>
      observationsOf(f).some((o) => o.code.coding?.[0]?.code === '55284-4'),
    );
    expect(file).toBeDefined();
    const observations = observationsOf(file!);
    const series = resultSeries(observations);
    const panels = observations.filter((o) => o.code.coding?.[0]?.code === '55284-4');
    const systolic = series.find((s) => s.key === 'http://loinc.org|8480-6');
    expect(systolic?.points.length).toBe(panels.length);
    expect(systolic?.category).toBe('vital-signs');
    expect(series.find((s) => s.key === 'http://loinc.org|55284-4')).toBeUndefined();
  });

  it('orders labs before vital signs and marks trends', () => {
    const series = resultSeries(patientFiles.flatMap(observationsOf).slice(0, 400));
    const categories = series.map((s) => s.category);
    expect(categories.indexOf('vital-signs')).toBeGreaterThan(categories.lastIndexOf('laboratory'));
    expect(series.some(isTrend)).toBe(true);
  });
});

const glucose = (value: number, extra: Partial<Observation> = {}): Observation => ({
  resourceType: 'Observation',
  id: `g${value}`,
  status: 'final',
  category: [{ coding: [{ code: 'laboratory' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '2339-0', display: 'Glucose' }] },
  effectiveDateTime: `2026-0${Math.min(9, Math.max(1, Math.round(value / 20)))}-01T10:00:00Z`,
  valueQuantity: { value, unit: 'mg/dL', code: 'mg/dL' },
  ...extra,
});

describe('flags and ranges', () => {
  it("prefers the lab's interpretation and range", () => {
    const [s] = resultSeries([
      glucose(150, {
        interpretation: [{ coding: [{ code: 'N' }] }],
        referenceRange: [{ low: { value: 60 }, high: { value: 160 }, text: '60-160' }],
      }),
    ]);
    const p = latest(s!);
    expect(p).toMatchObject({ flag: 'normal', low: 60, high: 160, rangeSource: 'lab', rangeText: '60-160' });
  });

  it('flags from the lab range when no interpretation came', () => {
    const [s] = resultSeries([
      glucose(50, { referenceRange: [{ low: { value: 60 }, high: { value: 100 } }] }),
    ]);
    expect(latest(s!).flag).toBe('low');
  });

  it('falls back to the typical range only when units match', () => {
    expect(latest(resultSeries([glucose(120)])[0]!)).toMatchObject({ flag: 'high', rangeSource: 'typical' });
    expect(latest(resultSeries([glucose(90)])[0]!)).toMatchObject({ flag: 'normal', high: 99, low: 70 });
    const mmol = resultSeries([glucose(6, { valueQuantity: { value: 6, unit: 'mmol/L', code: 'mmol/L' } })]);
    expect(latest(mmol[0]!)).toMatchObject({ flag: undefined, rangeSource: undefined });
  });

  it('maps critical interpretation codes and leaves out entered-in-error results', () => {
    const series = resultSeries([
      glucose(400, { interpretation: [{ coding: [{ code: 'HH' }] }] }),
      glucose(20, { status: 'entered-in-error' }),
    ]);
    expect(series[0]!.points.map((p) => p.flag)).toEqual(['critical-high']);
  });

  it('keeps coded and text results, without a number', () => {
    const [s] = resultSeries([
      {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'Strep test' },
        effectiveDateTime: '2026-03-01',
        valueCodeableConcept: { coding: [{ display: 'Negative' }] },
      },
    ]);
    expect(latest(s!)).toMatchObject({ value: null, display: 'Negative' });
    expect(isTrend(s!)).toBe(false);
  });
});
