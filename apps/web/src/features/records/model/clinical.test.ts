import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bundle, Resource } from './fhir-types';
import { allergies, attachmentHref, immunizations, medications, problems, visits } from './clinical';

const fixtures = resolve(import.meta.dirname, '../../../../../../../shared/fixtures/synthea');
const everyone: Resource[] = readdirSync(fixtures)
  .filter((f) => /_[0-9a-f-]{36}\.json$/.test(f))
  .flatMap((f) => (JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as Bundle).entry ?? [])
  .map((e) => e.resource!)
  .filter(Boolean);
const ofType = (type: string) => everyone.filter((r) => r.resourceType === type);

describe('record summaries from real-shaped records', () => {
  it('lists every problem, current ones first', () => {
    const conditions = ofType('Condition');
    const list = problems(conditions);
    expect(list.length).toBe(conditions.length);
    const firstResolved = list.findIndex((p) => p.status !== 'active');
    const lastActive = list.map((p) => p.status).lastIndexOf('active');
    expect(firstResolved === -1 || lastActive < firstResolved).toBe(true);
    expect(list.every((p) => p.name && p.name !== '?')).toBe(true);
  });

  it('names every medication and puts active ones first', () => {
    const list = medications(ofType('MedicationRequest'));
    expect(list.length).toBe(ofType('MedicationRequest').length);
    expect(list.every((m) => m.name !== '?')).toBe(true);
    const statuses = list.map((m) => (m.status === 'active' ? 0 : 1));
    expect([...statuses].sort()).toEqual(statuses);
  });

  it('keeps allergy reactions, immunization dates and visits newest first', () => {
    const a = allergies(ofType('AllergyIntolerance'));
    expect(a.length).toBe(ofType('AllergyIntolerance').length);
    const im = immunizations(ofType('Immunization'));
    expect(im.every((i) => i.date)).toBe(true);
    const v = visits(ofType('Encounter'));
    const starts = v.map((x) => Date.parse(x.start!));
    expect([...starts].sort((x, y) => y - x)).toEqual(starts);
    expect(v.every((x) => x.type !== '?')).toBe(true);
  });
});

describe('document links', () => {
  it('opens Binary references on this server, absolute URLs and inline data; nothing else', () => {
    expect(attachmentHref({ url: 'Binary/abc-1' }, '/fhir/R4')).toBe('/fhir/R4/Binary/abc-1');
    expect(attachmentHref({ url: 'https://example.org/x.pdf' }, '/fhir/R4')).toBe(
      'https://example.org/x.pdf',
    );
    expect(attachmentHref({ url: 'javascript:alert(1)' }, '/fhir/R4')).toBeUndefined();
    expect(attachmentHref({ url: 'Binary/../../api' }, '/fhir/R4')).toBeUndefined();
    expect(attachmentHref({ data: 'aGk=', contentType: 'text/plain' }, '/fhir/R4')).toBe(
      'data:text/plain;base64,aGk=',
    );
  });
});
