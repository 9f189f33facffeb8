import { describe, expect, it } from 'vitest';
import { amountDue, statementCode, statementLines, statementState } from './statement-lines.js';

describe('statement lines', () => {
  it('explains one visit: charged, insurance paid, discount, and what is left with why', () => {
    const lines = statementLines([
      {
        kind: 'charge',
        amountCents: 18_000,
        description: 'Office visit',
        serviceDate: '2026-10-02',
        reason: 'copay',
      },
      {
        kind: 'insurance_payment',
        amountCents: -12_000,
        description: 'Office visit',
        serviceDate: '2026-10-02',
        reason: null,
      },
      {
        kind: 'adjustment',
        amountCents: -3_000,
        description: 'Office visit',
        serviceDate: '2026-10-02',
        reason: 'contract',
      },
      {
        kind: 'charge',
        amountCents: 4_500,
        description: 'Lab: lipid panel',
        serviceDate: '2026-10-02',
        reason: 'deductible',
      },
      {
        kind: 'patient_payment',
        amountCents: -1_000,
        description: 'Payment, thank you',
        serviceDate: null,
        reason: null,
      },
    ]);
    expect(lines).toEqual([
      {
        serviceDate: '2026-10-02',
        description: 'Office visit',
        chargedCents: 18_000,
        insurancePaidCents: 12_000,
        adjustedCents: 3_000,
        youPaidCents: 0,
        youOweCents: 3_000,
        reason: 'copay',
      },
      expect.objectContaining({ description: 'Lab: lipid panel', youOweCents: 4_500, reason: 'deductible' }),
      expect.objectContaining({
        description: 'Payment, thank you',
        youPaidCents: 1_000,
        youOweCents: -1_000,
      }),
    ]);
    expect(lines.reduce((s, l) => s + l.youOweCents, 0)).toBe(6_500);
  });

  it('derives what is due and the state with a frozen date', () => {
    expect(amountDue(5_000, 7_000)).toBe(5_000);
    expect(amountDue(5_000, 1_200)).toBe(1_200);
    expect(amountDue(5_000, -300)).toBe(0);
    expect(statementState(1_200, '2027-02-28', '2027-02-28')).toBe('open');
    expect(statementState(1_200, '2027-02-28', '2027-03-01')).toBe('past_due');
    expect(statementState(0, '2027-02-28', '2027-03-01')).toBe('paid');
  });

  it('makes 8-character codes without look-alike characters', () => {
    const code = statementCode(new Uint8Array([0, 1, 8, 14, 31, 32, 63, 255]));
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(code).toBe('ABJQ9A99');
  });
});
