import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chargesFromEob, type EobShape } from './eob-charges.js';

const fixtures = resolve(import.meta.dirname, '../../../../../../shared/fixtures/synthea');
const PATIENT = '0b6e2f1e-6a3c-4c8a-9d57-2f1a2b3c4d5e';

/** Every EOB of the fixture records, pointed at a portal patient as an import would have it. */
const eobs: EobShape[] = readdirSync(fixtures)
  .filter((f) => /_[0-9a-f-]{36}\.json$/.test(f))
  .flatMap((f) => JSON.parse(readFileSync(join(fixtures, f), 'utf8')).entry as { resource: EobShape }[])
  .map((e) => e.resource)
  .filter((r) => r.resourceType === 'ExplanationOfBenefit')
  .map((r) => ({ ...r, patient: { reference: `Patient/${PATIENT}` } }));

const sum = (xs: { amountCents: number }[]) => xs.reduce((s, x) => s + x.amountCents, 0);

describe('ledger entries from explanations of benefit', () => {
  it('posts what was billed, minus what insurance paid, for every fixture EOB', () => {
    expect(eobs.length).toBeGreaterThan(1000);
    let posted = 0;
    for (const eob of eobs) {
      const c = chargesFromEob(eob);
      // Computed here from the raw JSON, not through the mapping.
      const billed = Math.round(
        (eob.total?.find((t) => t.category?.coding?.[0]?.code === 'submitted')?.amount?.value ?? 0) * 100,
      );
      const paid = Math.round((eob.payment?.amount?.value ?? 0) * 100);
      if (billed <= 0 || paid > billed) {
        expect(c).toBeNull();
        continue;
      }
      posted++;
      expect(c!.patientId).toBe(PATIENT);
      expect(c!.entries[0]).toMatchObject({
        kind: 'charge',
        amountCents: billed,
        sourceId: `${eob.id}#charge`,
      });
      expect(sum(c!.entries)).toBe(billed - paid);
      for (const e of c!.entries) expect(Number.isInteger(e.amountCents)).toBe(true);
    }
    expect(posted).toBeGreaterThan(1000);
  });

  it('turns the gap between billed and allowed into a contractual adjustment', () => {
    const c = chargesFromEob({
      resourceType: 'ExplanationOfBenefit',
      id: 'e1',
      status: 'active',
      patient: { reference: `Patient/${PATIENT}` },
      item: [{ productOrService: { text: 'Office visit (procedure)' }, servicedDate: '2026-10-02' }],
      insurer: { display: 'Acme Health Plan' },
      total: [
        { category: { coding: [{ code: 'submitted' }] }, amount: { value: 200, currency: 'USD' } },
        { category: { coding: [{ code: 'eligible' }] }, amount: { value: 150, currency: 'USD' } },
      ],
      payment: { amount: { value: 120.1, currency: 'USD' } },
    });
    expect(c!.entries.map((e) => [e.kind, e.amountCents])).toEqual([
      ['charge', 20000],
      ['adjustment', -5000],
      ['insurance_payment', -12010],
    ]);
    expect(c!.entries[0]!.description).toBe('Office visit');
    expect(c!.entries[2]!.description).toContain('Acme Health Plan');
    expect(sum(c!.entries)).toBe(2990);
  });

  it('leaves alone what it cannot post safely', () => {
    const base: EobShape = {
      resourceType: 'ExplanationOfBenefit',
      id: 'e2',
      status: 'active',
      patient: { reference: `Patient/${PATIENT}` },
      total: [{ category: { coding: [{ code: 'submitted' }] }, amount: { value: 100 } }],
    };
    expect(chargesFromEob(base)).not.toBeNull();
    expect(chargesFromEob({ ...base, status: 'entered-in-error' })).toBeNull();
    expect(chargesFromEob({ ...base, outcome: 'queued' })).toBeNull();
    expect(chargesFromEob({ ...base, patient: { reference: 'urn:uuid:abc' } })).toBeNull();
    expect(chargesFromEob({ ...base, payment: { amount: { value: 150 } } })).toBeNull();
    expect(chargesFromEob({ ...base, total: [] })).toBeNull();
  });
});
