import { z } from 'zod';
import { IsoDate, Uuid } from './common.js';

/** Money is integer cents: 12.5 or -3 is refused at the door, not rounded. */
export const Cents = z
  .number({ message: 'Send an amount in whole cents' })
  .int('Send an amount in whole cents')
  .min(1, 'The amount must be more than zero')
  .max(100_000_000, 'The amount is too large');
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'Send a three-letter currency code such as USD');
export const IdempotencyKey = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[A-Za-z0-9_:.-]+$/, 'Letters, digits and _ : . - only');
/** A card token from the payment gateway (never a card number). */
export const CardToken = z
  .string()
  .min(6)
  .max(200)
  .regex(/^(tok|pm|card)_[A-Za-z0-9_]+$/, 'Send a card token from the payment page');

export const ledgerKinds = [
  'charge',
  'insurance_payment',
  'adjustment',
  'patient_payment',
  'refund',
  'write_off',
] as const;
export const LedgerKind = z.enum(ledgerKinds);
export type LedgerKind = z.infer<typeof LedgerKind>;

export const LedgerEntry = z.object({
  id: Uuid,
  kind: LedgerKind,
  amountCents: z.number().int(),
  currency: z.string(),
  description: z.string(),
  serviceDate: z.string().nullable(),
  reason: z.string().nullable(),
  sourceType: z.string(),
  createdAt: z.string(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const StatementLine = z.object({
  serviceDate: z.string().nullable(),
  description: z.string(),
  chargedCents: z.number().int(),
  insurancePaidCents: z.number().int(),
  adjustedCents: z.number().int(),
  youPaidCents: z.number().int(),
  youOweCents: z.number().int(),
  reason: z.string().nullable(),
});
export type StatementLine = z.infer<typeof StatementLine>;

export const statementStates = ['open', 'past_due', 'paid'] as const;
export const Statement = z.object({
  id: Uuid,
  code: z.string(),
  issuedAt: z.string(),
  dueDate: z.string(),
  currency: z.string(),
  previousBalanceCents: z.number().int(),
  balanceCents: z.number().int(),
  amountDueCents: z.number().int(),
  state: z.enum(statementStates),
  lines: z.array(StatementLine),
  organization: z.string(),
  patientName: z.string(),
});
export type Statement = z.infer<typeof Statement>;

export const paymentStatuses = [
  'pending',
  'processing',
  'unknown',
  'succeeded',
  'failed',
  'refunded',
] as const;
export const Payment = z.object({
  id: Uuid,
  amountCents: z.number().int(),
  currency: z.string(),
  status: z.enum(paymentStatuses),
  failureCode: z.string().nullable(),
  cardLast4: z.string().nullable(),
  channel: z.string(),
  statementId: z.string().nullable(),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
});
export type Payment = z.infer<typeof Payment>;

export const PayBody = z.strictObject({
  amountCents: Cents,
  currency: Currency,
  cardToken: CardToken,
  statementId: Uuid.optional(),
  /** Keep the card for a plan or autopay. */
  saveCard: z.boolean().optional(),
});
export type PayBody = z.infer<typeof PayBody>;

export const SavedCard = z.object({
  id: Uuid,
  brand: z.string(),
  last4: z.string(),
  expMonth: z.number().int(),
  expYear: z.number().int(),
});
export type SavedCard = z.infer<typeof SavedCard>;

export const Installment = z.object({
  seq: z.number().int(),
  dueDate: z.string(),
  amountCents: z.number().int(),
  status: z.string(),
});
export const PaymentPlan = z.object({
  id: Uuid,
  totalCents: z.number().int(),
  currency: z.string(),
  months: z.number().int(),
  status: z.enum(['active', 'completed', 'defaulted', 'cancelled']),
  installments: z.array(Installment),
  cardLast4: z.string().nullable(),
});
export type PaymentPlan = z.infer<typeof PaymentPlan>;

export const PlanOptions = z.object({
  balanceCents: z.number().int(),
  currency: z.string(),
  minMonthlyCents: z.number().int(),
  maxMonths: z.number().int(),
  /** Every allowed length with its monthly amount. */
  choices: z.array(z.object({ months: z.number().int(), monthlyCents: z.number().int() })),
});
export type PlanOptions = z.infer<typeof PlanOptions>;

export const CreatePlanBody = z.strictObject({
  months: z.number().int().min(1).max(60),
  cardToken: CardToken,
  firstDueDate: IsoDate,
});

export const AutopayBody = z.strictObject({ cardToken: CardToken });

export const BillingSummary = z.object({
  accountId: Uuid,
  balanceCents: z.number().int(),
  currency: z.string(),
  statements: z.array(
    Statement.pick({
      id: true,
      code: true,
      issuedAt: true,
      dueDate: true,
      balanceCents: true,
      amountDueCents: true,
      state: true,
    }),
  ),
  payments: z.array(Payment),
  plan: PaymentPlan.nullable(),
  autopay: z.object({ cardLast4: z.string(), since: z.string() }).nullable(),
});
export type BillingSummary = z.infer<typeof BillingSummary>;

/** Text-to-pay: the link's token, then the birth date that unlocks it. */
export const PayLinkToken = z
  .string()
  .min(10)
  .max(120)
  .regex(/^[A-Za-z0-9_.-]+$/);
export const PayLinkVerifyBody = z.strictObject({ birthDate: IsoDate });
export const PayLinkGrant = z.object({ grant: z.string(), statement: Statement });
/** Paying with the code printed on a paper statement, without the link: code and date of birth. */
export const PayByCodeBody = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-HJ-NP-Z2-9]{8}$/, 'A statement code is 8 letters and digits, as printed on the statement'),
  birthDate: IsoDate,
});
/** The statement opened by its code, with the link token the rest of the payment uses. */
export const PayByCodeGrant = PayLinkGrant.extend({ token: z.string() });
export const PayLinkPayBody = z.strictObject({
  grant: z.string().min(20).max(400),
  amountCents: Cents,
  currency: Currency,
  cardToken: CardToken,
});

// Staff console
export const AccountRow = z.object({
  accountId: Uuid,
  patientId: Uuid,
  patientName: z.string(),
  mrn: z.string(),
  balanceCents: z.number().int(),
  currency: z.string(),
  oldestOpenDueDate: z.string().nullable(),
});
export const AccountsQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
});
export const StaffEntryBody = z.strictObject({
  kind: z.enum(['charge', 'adjustment', 'write_off']),
  /** Signed for an adjustment (credit negative); positive for a charge or write-off. */
  amountCents: z.number().int('Send an amount in whole cents').min(-100_000_000).max(100_000_000),
  currency: Currency,
  description: z.string().trim().min(1).max(300),
  reason: z.string().trim().min(3).max(500),
  serviceDate: IsoDate.optional(),
});
export const RefundBody = z.strictObject({
  amountCents: Cents,
  reason: z.string().trim().min(3).max(500),
});
export const AgingBucket = z.object({
  bucket: z.string(),
  accounts: z.number().int(),
  cents: z.number().int(),
});
export const DayQuery = z.strictObject({
  date: IsoDate.optional(),
  status: z.enum(['failed', 'all']).optional(),
});

/**
 * What the browser needs to take a payment: which gateway tokenizes the card, Stripe's
 * publishable key, and whether the organization keeps an over-payment as a credit.
 */
export const PaymentSettings = z.object({
  gateway: z.enum(['sandbox', 'stripe']),
  publishableKey: z.string().nullable(),
  allowCredit: z.boolean(),
});
export type PaymentSettings = z.infer<typeof PaymentSettings>;

/** The organization's billing policy as the console shows it; only allowCredit is edited there. */
export const BillingPolicyView = z.object({
  currency: z.string(),
  statementDueDays: z.number().int(),
  minMonthlyCents: z.number().int(),
  allowCredit: z.boolean(),
});
export type BillingPolicyView = z.infer<typeof BillingPolicyView>;
export const BillingPolicyBody = z.strictObject({ allowCredit: z.boolean() });
