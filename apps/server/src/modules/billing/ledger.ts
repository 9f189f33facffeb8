import type { LedgerKind } from '@accompany/contracts';

/**
 * The ledger's rules, the same ones the database enforces with CHECK constraints: which
 * way each kind of entry moves what the patient owes. A balance is only ever a sum.
 */
export const raisesBalance: Record<LedgerKind, boolean | null> = {
  charge: true,
  refund: true,
  insurance_payment: false,
  patient_payment: false,
  write_off: false,
  adjustment: null, // either way
};

/** Kinds that must say why (kept on the entry and in the audit trail). */
export const needsReason = new Set<LedgerKind>(['adjustment', 'write_off', 'refund']);

export class LedgerRuleError extends Error {}

/** The signed amount an entry stores, from the magnitude a person types (adjustments keep their sign). */
export function signedAmount(kind: LedgerKind, cents: number): number {
  if (!Number.isSafeInteger(cents) || cents === 0)
    throw new LedgerRuleError('An amount is a non-zero whole number of cents');
  const raises = raisesBalance[kind];
  if (raises === null) return cents;
  const magnitude = Math.abs(cents);
  return raises ? magnitude : -magnitude;
}

/** Whether a stored amount obeys the sign rule of its kind. */
export function signIsValid(kind: LedgerKind, amountCents: number): boolean {
  if (!Number.isSafeInteger(amountCents) || amountCents === 0) return false;
  const raises = raisesBalance[kind];
  return raises === null || (raises ? amountCents > 0 : amountCents < 0);
}

/**
 * Why a patient payment cannot be taken, or null when it can. `availableCents` is what the
 * account owes minus payments still in flight. Paying more than that is refused unless the
 * organization keeps the excess as a credit; a zero, negative or fractional amount never passes.
 */
export function paymentRefusal(
  amountCents: number,
  availableCents: number,
  allowCredit: boolean,
): 'not_positive' | 'over_balance' | null {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) return 'not_positive';
  if (!allowCredit && amountCents > availableCents) return 'over_balance';
  return null;
}

export const balanceOf = (entries: readonly { amountCents: number }[]): number =>
  entries.reduce((sum, e) => sum + e.amountCents, 0);

/** Formats cents for logs and CSV (never floating point on the way). */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
