import type { NewEntry } from './ledger.repository.js';

/**
 * What an ExplanationOfBenefit means for the patient's ledger, as plain arithmetic:
 *   charge (what was billed) − insurance payment − contractual adjustment = what the patient owes.
 * Amounts come from the EOB totals by adjudication category (submitted, eligible/allowed, benefit)
 * and `payment.amount`, in whole cents. Each entry's source id is the EOB id plus its role, so an
 * EOB imported again (or the sync run twice) never posts twice.
 */

interface Money {
  value?: number;
  currency?: string;
}
interface Total {
  category?: { coding?: { code?: string }[] };
  amount?: Money;
}
export interface EobShape {
  resourceType: 'ExplanationOfBenefit';
  id?: string;
  status?: string;
  outcome?: string;
  patient?: { reference?: string };
  billablePeriod?: { start?: string };
  created?: string;
  insurer?: { display?: string };
  item?: {
    productOrService?: { text?: string; coding?: { display?: string }[] };
    servicedPeriod?: { start?: string };
    servicedDate?: string;
  }[];
  total?: Total[];
  payment?: { amount?: Money };
}

export interface EobCharges {
  patientId: string;
  currency: string;
  entries: NewEntry[];
}

const cents = (m: Money | undefined) => Math.round((m?.value ?? 0) * 100);

function total(eob: EobShape, ...codes: string[]): Money | undefined {
  return eob.total?.find((t) => t.category?.coding?.some((c) => c.code && codes.includes(c.code)))?.amount;
}

/** The first billed service, named as a person would read it. */
function serviceName(eob: EobShape): string {
  const item = eob.item?.[0]?.productOrService;
  const text = item?.text ?? item?.coding?.find((c) => c.display)?.display ?? 'Medical care';
  // SNOMED displays end in a semantic tag such as "(procedure)"; a statement reads better without it.
  return text.replace(/\s*\((procedure|disorder|finding|situation|regime\/therapy)\)$/i, '');
}

const PATIENT_REF = /^Patient\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * The ledger entries an EOB stands for, or null when it does not apply: not active or not
 * complete, no portal patient, no billed amount, or amounts that do not add up (paid more than
 * billed), which staff should look at rather than the system guess.
 */
export function chargesFromEob(eob: EobShape): EobCharges | null {
  if (!eob.id || eob.status !== 'active' || (eob.outcome && eob.outcome !== 'complete')) return null;
  const patientId = PATIENT_REF.exec(eob.patient?.reference ?? '')?.[1];
  if (!patientId) return null;
  const submitted = total(eob, 'submitted');
  const billed = cents(submitted);
  if (billed <= 0) return null;
  const currency = submitted?.currency ?? 'USD';
  const allowed = total(eob, 'eligible');
  const adjustment = allowed ? Math.max(0, billed - cents(allowed)) : 0;
  const paid = eob.payment?.amount ? cents(eob.payment.amount) : cents(total(eob, 'benefit'));
  if (paid < 0 || paid + adjustment > billed) return null;
  const serviceDate =
    (
      eob.item?.[0]?.servicedPeriod?.start ??
      eob.item?.[0]?.servicedDate ??
      eob.billablePeriod?.start ??
      eob.created
    )?.slice(0, 10) ?? null;
  const service = serviceName(eob);
  const insurer = eob.insurer?.display;
  const entries: NewEntry[] = [
    {
      kind: 'charge',
      amountCents: billed,
      description: service,
      serviceDate,
      sourceType: 'ExplanationOfBenefit',
      sourceId: `${eob.id}#charge`,
    },
  ];
  if (adjustment > 0)
    entries.push({
      kind: 'adjustment',
      amountCents: -adjustment,
      description: `${service}: amount above what your plan allows`,
      reason: 'Contractual adjustment from the insurer’s explanation of benefits',
      serviceDate,
      sourceType: 'ExplanationOfBenefit',
      sourceId: `${eob.id}#adjustment`,
    });
  if (paid > 0)
    entries.push({
      kind: 'insurance_payment',
      amountCents: -paid,
      description:
        insurer && insurer !== 'NO_INSURANCE'
          ? `Paid by your insurance (${insurer})`
          : 'Paid by your insurance',
      serviceDate,
      sourceType: 'ExplanationOfBenefit',
      sourceId: `${eob.id}#insurance`,
    });
  return { patientId, currency, entries };
}
