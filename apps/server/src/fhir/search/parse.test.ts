import { describe, expect, it } from 'vitest';
import { FhirError } from '../operation-outcome.js';
import { parseSearch } from './parse.js';

const q = (params: Record<string, string>, lenient = false) =>
  parseSearch('Observation', Object.fromEntries(Object.entries(params).map(([k, v]) => [k, [v]])), lenient);

describe('search parsing from the official parameter definitions', () => {
  it('knows each parameter type from the R4 SearchParameters', () => {
    const { criteria } = q({ code: 'a', date: 'ge2020', subject: 'Patient/1', 'value-quantity': 'gt5' });
    expect(criteria.map((c) => (c.kind === 'index' ? c.type : c.kind))).toEqual([
      'token',
      'date',
      'reference',
      'quantity',
    ]);
  });

  it('parses chains, _has and reference type modifiers', () => {
    const chain = q({ 'subject:Patient.name': 'smith' }).criteria[0]!;
    expect(chain).toMatchObject({
      kind: 'chain',
      code: 'subject',
      targets: ['Patient'],
      next: { kind: 'index', code: 'name' },
    });
    const has = parseSearch('Patient', { '_has:Observation:subject:code': ['1234'] }, false).criteria[0]!;
    expect(has).toMatchObject({ kind: 'has', sourceType: 'Observation', refParam: 'subject' });
  });

  it('refuses unknown parameters and modifiers unless lenient', () => {
    expect(() => q({ colour: 'red' })).toThrow(FhirError);
    expect(() => q({ 'code:sounds-like': 'x' })).toThrow(FhirError);
    expect(() => q({ 'date:exact': '2020' })).toThrow(FhirError);
    expect(q({ colour: 'red', code: 'x' }, true).criteria).toHaveLength(1);
  });

  it('reads result parameters', () => {
    const parsed = q({
      _count: '5000',
      _sort: '-date,code',
      _total: 'accurate',
      _include: 'Observation:subject',
    });
    expect(parsed.count).toBe(1000);
    expect(parsed.sort).toEqual([
      { code: 'date', desc: true },
      { code: 'code', desc: false },
    ]);
    expect(parsed.include).toEqual([{ sourceType: 'Observation', param: 'subject', targetType: null }]);
    expect(() => q({ _include: 'Patient:link' })).toThrow(FhirError);
  });
});
