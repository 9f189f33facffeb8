import type { Tx } from '../../platform/db/database.js';
import { defaultPlanPolicy, type PlanPolicy } from './plan-schedule.js';

export interface BillingPolicy extends PlanPolicy {
  currency: string;
  statementDueDays: number;
}

/** The organization's billing policy, or the defaults when it has not set one. */
export async function billingPolicy(tx: Tx): Promise<BillingPolicy> {
  const row = await tx.selectFrom('billing_policies').selectAll().executeTakeFirst();
  if (!row) return { ...defaultPlanPolicy, currency: 'USD', statementDueDays: 30 };
  return {
    currency: row.currency,
    minMonthlyCents: Number(row.plan_min_monthly_cents),
    maxMonths: row.plan_max_months,
    statementDueDays: row.statement_due_days,
  };
}

export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);
