import type { Tx } from '../../platform/db/database.js';
import { defaultPlanPolicy, type PlanPolicy } from './plan-schedule.js';

export interface BillingPolicy extends PlanPolicy {
  currency: string;
  statementDueDays: number;
  /** A payment may exceed the balance; the excess is a credit the next charges consume. */
  allowCredit: boolean;
}

/** The organization's billing policy, or the defaults when it has not set one. */
export async function billingPolicy(tx: Tx): Promise<BillingPolicy> {
  const row = await tx.selectFrom('billing_policies').selectAll().executeTakeFirst();
  if (!row) return { ...defaultPlanPolicy, currency: 'USD', statementDueDays: 30, allowCredit: false };
  return {
    currency: row.currency,
    minMonthlyCents: Number(row.plan_min_monthly_cents),
    maxMonths: row.plan_max_months,
    statementDueDays: row.statement_due_days,
    allowCredit: row.allow_credit,
  };
}

export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

/** Sets whether payments above the balance are kept as a credit (the policy row is made on first change). */
export async function setAllowCredit(tx: Tx, tenantId: string, allowCredit: boolean): Promise<void> {
  await tx
    .insertInto('billing_policies')
    .values({ tenant_id: tenantId, allow_credit: allowCredit, updated_at: new Date() })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({ allow_credit: allowCredit, updated_at: new Date() }),
    )
    .execute();
}
