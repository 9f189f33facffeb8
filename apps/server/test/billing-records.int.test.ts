import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingSummary } from '@accompany/contracts';
import { importForTenant } from '../src/fhir/import/import.service.js';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import { balanceOf, count, signedInPatient } from './billing-fixtures.js';

/**
 * Charges reach the ledger from the records: explanations of benefit imported through the FHIR
 * door become a charge, the insurer's adjustment and payment, once, whatever the re-runs.
 */
let server: TestServer;
let staff: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  staff = new TestClient(server.app);
  await enrolStaff(staff, 'billing@riverside.example');
});
afterAll(async () => server?.close());

const eob = (id: string, patientId: string, submitted: number, allowed: number, paid: number) => ({
  resourceType: 'ExplanationOfBenefit',
  id,
  status: 'active',
  type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
  use: 'claim',
  patient: { reference: `Patient/${patientId}` },
  created: '2026-10-02T15:00:00Z',
  insurer: { display: 'Acme Health Plan' },
  provider: { display: 'Riverside Main Clinic' },
  outcome: 'complete',
  insurance: [{ focal: true, coverage: { display: 'Acme Health Plan' } }],
  item: [{ sequence: 1, productOrService: { text: 'Office visit' }, servicedDate: '2026-10-02' }],
  total: [
    { category: { coding: [{ code: 'submitted' }] }, amount: { value: submitted, currency: 'USD' } },
    { category: { coding: [{ code: 'eligible' }] }, amount: { value: allowed, currency: 'USD' } },
  ],
  payment: { amount: { value: paid, currency: 'USD' } },
});

async function importEobs(resources: object[]) {
  await importForTenant(
    server.runtime.database.db,
    { id: server.tenantId, slug: 'demo', name: 'Riverside Community Health' },
    {
      resourceType: 'Bundle',
      type: 'collection',
      entry: resources.map((resource) => ({ resource })),
    } as never,
    '/fhir/R4',
    'test-import',
  );
}

describe('charges from imported explanations of benefit', () => {
  it('posts the charge, adjustment and insurance payment once, and the patient sees what is left', async () => {
    const p = await signedInPatient(server, 7);
    await importEobs([
      eob('eob-a-1', p.patientId, 240, 180, 144),
      eob('eob-a-2', p.patientId, 90.5, 90.5, 60),
      // A patient with no portal account: left for staff, nothing posted.
      eob('eob-nobody', '11111111-2222-4333-8444-555555555555', 100, 100, 50),
    ]);
    const first = await staff.post<{ examined: number; posted: number; skipped: number }>(
      '/api/staff/billing/record-charges',
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ examined: 3, posted: 5, skipped: 1 });
    const account = await server.runtime.database.db
      .selectFrom('billing_accounts')
      .select('id')
      .where('patient_id', '=', p.patientId)
      .executeTakeFirstOrThrow();
    // (240 − 60 − 144) + (90.50 − 60) = 36 + 30.50
    expect(await balanceOf(server, account.id)).toBe(6_650);
    const summary = await p.client.get<BillingSummary>('/api/billing/summary');
    expect(summary.body.balanceCents).toBe(6_650);

    const entries = await count(server, 'ledger_entries', sql`account_id = ${account.id}`);
    const again = await staff.post<{ posted: number }>('/api/staff/billing/record-charges');
    expect(again.body.posted).toBe(0);
    await importEobs([eob('eob-a-1', p.patientId, 240, 180, 144)]);
    expect((await staff.post<{ posted: number }>('/api/staff/billing/record-charges')).body.posted).toBe(0);
    expect(await count(server, 'ledger_entries', sql`account_id = ${account.id}`)).toBe(entries);
  });

  it('is for billing staff only', async () => {
    const p = await signedInPatient(server, 8);
    expect((await p.client.post('/api/staff/billing/record-charges')).status).toBe(403);
  });
});
