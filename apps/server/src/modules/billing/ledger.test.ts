import { describe, expect, it } from 'vitest';
import type { LedgerKind } from '@accompany/contracts';
import {
  balanceOf,
  centsToDecimal,
  LedgerRuleError,
  paymentRefusal,
  signedAmount,
  signIsValid,
} from './ledger.js';
import { seededRandom } from './seeded-random.js';

const kinds: LedgerKind[] = [
  'charge',
  'insurance_payment',
  'adjustment',
  'patient_payment',
  'refund',
  'write_off',
];

describe('ledger rules', () => {
  it('signs each kind the way the database constraint expects', () => {
    expect(signedAmount('charge', 100)).toBe(100);
    expect(signedAmount('refund', -100)).toBe(100);
    expect(signedAmount('patient_payment', 100)).toBe(-100);
    expect(signedAmount('insurance_payment', 100)).toBe(-100);
    expect(signedAmount('write_off', 5)).toBe(-5);
    expect(signedAmount('adjustment', -7)).toBe(-7);
    expect(signedAmount('adjustment', 7)).toBe(7);
  });

  it('refuses zero, fractional and unsafe amounts', () => {
    for (const bad of [0, 1.5, -0.01, Number.NaN, 2 ** 60]) {
      expect(() => signedAmount('charge', bad)).toThrow(LedgerRuleError);
    }
    expect(signIsValid('charge', -1)).toBe(false);
    expect(signIsValid('patient_payment', 1)).toBe(false);
    expect(signIsValid('adjustment', 0)).toBe(false);
  });

  it('formats cents without floating point', () => {
    expect(centsToDecimal(0)).toBe('0.00');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(-12345)).toBe('-123.45');
    expect(centsToDecimal(100000000)).toBe('1000000.00');
  });

  it('property: any seeded sequence of valid entries has balance = sum, and replay gives the same money', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = seededRandom(seed);
      const entries: { kind: LedgerKind; amountCents: number }[] = [];
      let model = 0;
      const n = 1 + Math.floor(rnd() * 60);
      for (let i = 0; i < n; i++) {
        const kind = kinds[Math.floor(rnd() * kinds.length)]!;
        const magnitude = 1 + Math.floor(rnd() * 500_000);
        const amountCents = signedAmount(kind, rnd() < 0.5 ? magnitude : -magnitude);
        expect(signIsValid(kind, amountCents)).toBe(true);
        entries.push({ kind, amountCents });
        model += amountCents;
      }
      expect(balanceOf(entries)).toBe(model);
      // Replaying in any order (a second process, a rebuilt read model) neither creates nor loses money.
      const shuffled = [...entries].sort(() => rnd() - 0.5);
      expect(balanceOf(shuffled)).toBe(model);
      const byKind = kinds.map((k) => balanceOf(entries.filter((e) => e.kind === k)));
      expect(byKind.reduce((a, b) => a + b, 0)).toBe(model);
    }
  });

  it('takes no zero, negative or fractional payment, and no over-payment unless credit is allowed', () => {
    for (const allowCredit of [false, true]) {
      for (const bad of [0, -1, -500, 0.5, 10.01, Number.NaN, 2 ** 60]) {
        expect(paymentRefusal(bad, 10_000, allowCredit)).toBe('not_positive');
      }
      expect(paymentRefusal(10_000, 10_000, allowCredit)).toBeNull();
      expect(paymentRefusal(1, 10_000, allowCredit)).toBeNull();
    }
    expect(paymentRefusal(10_001, 10_000, false)).toBe('over_balance');
    expect(paymentRefusal(1, 0, false)).toBe('over_balance');
    expect(paymentRefusal(1, -300, false)).toBe('over_balance');
    expect(paymentRefusal(10_001, 10_000, true)).toBeNull();
    expect(paymentRefusal(1, -300, true)).toBeNull();
  });

  it('property: with credit allowed, payments and charges in any order leave balance = sum; the credit is consumed by the next charges', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = seededRandom(seed);
      for (const allowCredit of [false, true]) {
        let balance = 0;
        let paid = 0;
        let charged = 0;
        const entries: { kind: LedgerKind; amountCents: number }[] = [];
        for (let i = 0; i < 40; i++) {
          if (rnd() < 0.5) {
            const cents = signedAmount('charge', 1 + Math.floor(rnd() * 20_000));
            entries.push({ kind: 'charge', amountCents: cents });
            charged += cents;
            // A charge on a credit is used up by it first: what is owed is what exceeds the credit.
            const before = balance;
            balance += cents;
            const credit = Math.max(0, -before);
            expect(Math.max(0, balance)).toBe(Math.max(0, before) + Math.max(0, cents - credit));
            expect(Math.max(0, -balance)).toBe(Math.max(0, credit - cents));
          } else {
            const cents = 1 + Math.floor(rnd() * 30_000);
            const refused = paymentRefusal(cents, balance, allowCredit);
            if (refused) {
              expect(allowCredit).toBe(false);
              expect(cents).toBeGreaterThan(balance);
              continue;
            }
            entries.push({ kind: 'patient_payment', amountCents: signedAmount('patient_payment', cents) });
            balance -= cents;
            paid += cents;
          }
          // Without credit the balance never goes below zero; with it, only by what was overpaid.
          if (!allowCredit) expect(balance).toBeGreaterThanOrEqual(0);
          expect(balanceOf(entries)).toBe(balance);
          expect(charged - paid).toBe(balance);
        }
      }
    }
  });
});
