import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { inTenant } from '../../platform/db/database.js';
import { JobQueue } from '../../platform/jobs/queue.js';
import { seededRandom } from './seeded-random.js';
import { generateStatements } from './statements.service.js';
import { scheduleBillingJobs } from './billing.jobs.js';

/** Common outpatient services with typical list prices (cents). */
export const SERVICES = [
  { description: 'Office visit, established patient', cents: 14_500 },
  { description: 'New patient visit', cents: 24_000 },
  { description: 'Telehealth visit', cents: 9_500 },
  { description: 'Urgent care visit', cents: 19_500 },
  { description: 'Lab: lipid panel', cents: 4_500 },
  { description: 'Lab: comprehensive metabolic panel', cents: 6_800 },
  { description: 'Chest X-ray, two views', cents: 11_500 },
  { description: 'Flu vaccine', cents: 4_000 },
];
const INSURERS = ['Blue Shield', 'Aetna', 'UnitedHealthcare', 'Medicaid', 'Cigna'];

/**
 * Demo bills: for about two thirds of the demo patients, one to three past visits with
 * what was billed, what the insurer allowed and paid, and the patient's share (copay,
 * deductible or coinsurance), then statements: an older cycle (some now past due) and a
 * current one. Seeded, so every run makes the same money.
 *
 * These entries stand in for charges derived from imported Claim/ExplanationOfBenefit
 * resources: such a charge posts with source ('ExplanationOfBenefit', '<id>#<item>'), and
 * the ledger's unique (source_type, source_id) makes re-importing an EOB a no-op.
 */
export async function generateBillingDemo(db: Db, tenantId: string, seed = 5150): Promise<void> {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const now = Date.now();
  const patients = await inTenant(db, tenantId, (tx) =>
    tx.selectFrom('patients').select('id').orderBy('mrn').execute(),
  );
  await inTenant(db, tenantId, async (tx) => {
    const accounts = await tx
      .insertInto('billing_accounts')
      .values(patients.filter((_, i) => i % 3 !== 1).map((p) => ({ tenant_id: tenantId, patient_id: p.id })))
      .returning(['id'])
      .execute();
    const entries = [];
    for (const [n, account] of accounts.entries()) {
      const visits = 1 + Math.floor(rnd() * 3);
      for (let v = 0; v < visits; v++) {
        // The first demo patient always has a balance worth a payment plan (the journeys use it).
        const service = n === 0 ? SERVICES[1]! : pick(SERVICES);
        // Older visits first: 20 to 80 days ago, then the recent cycle in the last 10 days.
        const daysAgo = v === 0 ? 50 + Math.floor(rnd() * 30) : 2 + Math.floor(rnd() * 8);
        const at = new Date(now - daysAgo * 86_400_000);
        const serviceDate = new Date(at.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
        const allowed = Math.round((service.cents * (60 + Math.floor(rnd() * 25))) / 100);
        const share = n === 0 ? 'deductible' : pick(['copay', 'deductible', 'coinsurance'] as const);
        const patientCents =
          share === 'copay'
            ? Math.min(allowed, pick([2_500, 4_000]))
            : share === 'deductible'
              ? allowed
              : Math.round(allowed * 0.2);
        const insurer = pick(INSURERS);
        const source = `demo-${n}-${v}`;
        const base = {
          tenant_id: tenantId,
          account_id: account.id,
          currency: 'USD',
          description: service.description,
          service_date: serviceDate,
        };
        entries.push({
          ...base,
          kind: 'charge',
          amount_cents: service.cents,
          reason: share,
          source_type: 'demo',
          source_id: `${source}-c`,
          created_at: at,
        });
        if (service.cents > allowed) {
          entries.push({
            ...base,
            kind: 'adjustment',
            amount_cents: -(service.cents - allowed),
            reason: `Discount agreed between ${insurer} and the clinic`,
            source_type: 'demo',
            source_id: `${source}-a`,
            created_at: new Date(at.getTime() + 1000),
          });
        }
        if (allowed > patientCents) {
          entries.push({
            ...base,
            kind: 'insurance_payment',
            amount_cents: -(allowed - patientCents),
            reason: `Paid by ${insurer}`,
            source_type: 'demo',
            source_id: `${source}-i`,
            created_at: new Date(at.getTime() + 2000),
          });
        }
      }
    }
    for (let i = 0; i < entries.length; i += 500) {
      await tx
        .insertInto('ledger_entries')
        .values(entries.slice(i, i + 500))
        .execute();
    }
    await sql`select 1`.execute(tx);
  });
  // The older cycle (its due dates are now near or past), then the current one.
  await generateStatements(db, tenantId, { now: new Date(now - 40 * 86_400_000) });
  await generateStatements(db, tenantId, { now: new Date(now) });
  await scheduleBillingJobs(db, new JobQueue(db));
}
