import type { LedgerKind, StatementLine } from '@accompany/contracts';

export interface EntryForStatement {
  kind: LedgerKind;
  amountCents: number;
  description: string;
  serviceDate: string | null;
  reason: string | null;
}

/**
 * Turns ledger entries into statement lines a patient can read: one line per service
 * (date and description), showing what was charged, what insurance paid, what was taken
 * off, what the patient already paid, and what is left with the reason it is theirs.
 * Entries without a service (a payment on account, a refund) get a line of their own.
 */
export function statementLines(entries: readonly EntryForStatement[]): StatementLine[] {
  const lines: StatementLine[] = [];
  const byService = new Map<string, StatementLine>();
  for (const e of entries) {
    const key = e.serviceDate ? `${e.serviceDate}|${e.description}` : null;
    let line = key ? byService.get(key) : undefined;
    if (!line) {
      line = {
        serviceDate: e.serviceDate,
        description: e.description,
        chargedCents: 0,
        insurancePaidCents: 0,
        adjustedCents: 0,
        youPaidCents: 0,
        youOweCents: 0,
        reason: null,
      };
      lines.push(line);
      if (key) byService.set(key, line);
    }
    switch (e.kind) {
      case 'charge':
        line.chargedCents += e.amountCents;
        if (e.reason) line.reason = e.reason;
        break;
      case 'insurance_payment':
        line.insurancePaidCents += -e.amountCents;
        break;
      case 'adjustment':
      case 'write_off':
        line.adjustedCents += -e.amountCents;
        if (!line.reason && e.reason) line.reason = e.reason;
        break;
      case 'patient_payment':
        line.youPaidCents += -e.amountCents;
        break;
      case 'refund':
        line.youPaidCents -= e.amountCents;
        if (e.reason) line.reason = e.reason;
        break;
    }
    line.youOweCents += e.amountCents;
  }
  return lines;
}

export type StatementState = 'open' | 'past_due' | 'paid';

/** What is still due on a statement: never more than it said, nor than the account owes now. */
export function amountDue(statementBalanceCents: number, accountBalanceCents: number): number {
  return Math.max(0, Math.min(statementBalanceCents, accountBalanceCents));
}

export function statementState(due: number, dueDate: string, today: string): StatementState {
  if (due <= 0) return 'paid';
  return today > dueDate ? 'past_due' : 'open';
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A statement code: 8 characters without look-alikes (no 0/O, 1/I). */
export function statementCode(randomBytes: Uint8Array): string {
  return Array.from(randomBytes.slice(0, 8), (b) => CODE_ALPHABET[b % 32]).join('');
}
