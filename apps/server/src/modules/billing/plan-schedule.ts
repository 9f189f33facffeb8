/**
 * Payment-plan arithmetic: pure functions of integer cents and calendar dates
 * ('YYYY-MM-DD', no time zone), so they are tested with frozen dates.
 */
export interface PlanPolicy {
  minMonthlyCents: number;
  /** Longest plan by balance, ascending; a null bound is "any balance above". */
  maxMonths: { upToCents: number | null; maxMonths: number }[];
}

export const defaultPlanPolicy: PlanPolicy = {
  minMonthlyCents: 2500,
  maxMonths: [
    { upToCents: 50_000, maxMonths: 6 },
    { upToCents: 200_000, maxMonths: 12 },
    { upToCents: null, maxMonths: 24 },
  ],
};

/** Days before a charge that the patient is told about it. */
export const NOTICE_DAYS = 3;
/** Days after a failed charge that it is tried again; past the last, the plan defaults. */
export const RETRY_AFTER_DAYS = [3, 7];

/**
 * Equal monthly amounts in whole cents; the last installment takes the cents that do not
 * divide evenly, so the installments always add up to the total exactly.
 */
export function splitInstallments(totalCents: number, months: number): number[] {
  if (!Number.isSafeInteger(totalCents) || totalCents <= 0)
    throw new RangeError('total must be positive cents');
  if (!Number.isInteger(months) || months < 1) throw new RangeError('months must be at least 1');
  if (months > totalCents) throw new RangeError('more months than cents');
  const base = Math.floor(totalCents / months);
  const amounts = Array<number>(months).fill(base);
  amounts[months - 1] = totalCents - base * (months - 1);
  return amounts;
}

const parse = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not a date: ${iso}`);
  return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]) };
};
const fmt = (y: number, mo: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
export const daysInMonth = (y: number, mo: number) => new Date(Date.UTC(y, mo, 0)).getUTCDate();

/** The same day `k` months later, or that month's last day when it is shorter (Jan 31 → Feb 28/29 → Mar 31). */
export function addMonthsClamped(iso: string, k: number): string {
  const { y, mo, d } = parse(iso);
  const index = y * 12 + (mo - 1) + k;
  const ny = Math.floor(index / 12);
  const nmo = (index % 12) + 1;
  return fmt(ny, nmo, Math.min(d, daysInMonth(ny, nmo)));
}

export function addDays(iso: string, days: number): string {
  const { y, mo, d } = parse(iso);
  return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

/** Due dates anchored on the first one (never drifting to the 28th after February). */
export const dueDates = (firstDue: string, months: number) =>
  Array.from({ length: months }, (_, i) => addMonthsClamped(firstDue, i));

export function maxMonthsFor(balanceCents: number, policy: PlanPolicy): number {
  const tier = policy.maxMonths.find((t) => t.upToCents === null || balanceCents <= t.upToCents);
  return tier?.maxMonths ?? 1;
}

/** Every plan length the policy allows for this balance, with its monthly amount. */
export function planChoices(
  balanceCents: number,
  policy: PlanPolicy,
): { months: number; monthlyCents: number }[] {
  if (balanceCents <= 0) return [];
  const choices = [];
  for (let months = 2; months <= maxMonthsFor(balanceCents, policy); months++) {
    if (months > balanceCents) break;
    const monthlyCents = Math.floor(balanceCents / months);
    if (monthlyCents < policy.minMonthlyCents) break;
    choices.push({ months, monthlyCents });
  }
  return choices;
}

/** Why a plan is not allowed, or null. */
export function planRefusal(balanceCents: number, months: number, policy: PlanPolicy): string | null {
  if (balanceCents <= 0) return 'There is nothing to pay';
  if (!planChoices(balanceCents, policy).some((c) => c.months === months)) {
    return `Choose between 2 and ${Math.max(2, planChoices(balanceCents, policy).at(-1)?.months ?? 2)} months, at least the minimum monthly amount`;
  }
  return null;
}

export interface Installment {
  seq: number;
  dueDate: string;
  amountCents: number;
}

export function planSchedule(totalCents: number, months: number, firstDue: string): Installment[] {
  const amounts = splitInstallments(totalCents, months);
  return dueDates(firstDue, months).map((dueDate, i) => ({ seq: i + 1, dueDate, amountCents: amounts[i]! }));
}

/** After the n-th failed attempt: the date to try again, or 'default' when retries are spent. */
export function afterFailure(failedOn: string, attempts: number): { retryOn: string } | 'default' {
  const wait = RETRY_AFTER_DAYS[attempts - 1];
  return wait === undefined ? 'default' : { retryOn: addDays(failedOn, wait) };
}

/** The date on which a charge due on `dueDate` is announced. */
export const noticeDate = (dueDate: string) => addDays(dueDate, -NOTICE_DAYS);
