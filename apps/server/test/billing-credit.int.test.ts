import { randomUUID } from 'node:crypto';
import type { BillingSummary, Statement } from '@accompany/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateStatements } from '../src/modules/billing/statements.service.js';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import {
  balanceOf,
  cardToken,
  charge,
  count,
  pay,
  runBillingJobs,
  signedInPatient,
} from './billing-fixtures.js';

/**
 * The credit policy: by default a payment above the balance is refused; when the
 * organization allows credit, the excess becomes a credit (a negative balance) that the
 * patient, the statements and the console see, and that the next charge uses up.
 */
let server: TestServer;
let staff: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  staff = new TestClient(server.app);
  await enrolStaff(staff, 'billing@riverside.example');
});
afterAll(async () => server?.close());

const setCredit = (allowCredit: boolean) =>
  staff.request('PATCH', '/api/staff/billing/policy', { allowCredit });

describe('credit policy', () => {
  it('is off by default: an over-payment is refused and nothing is written', async () => {
    expect((await staff.get('/api/staff/billing/policy')).body).toMatchObject({ allowCredit: false });
    expect((await server.app.inject({ method: 'GET', url: '/api/payments/config' })).json()).toMatchObject({
      allowCredit: false,
    });
    const p = await signedInPatient(server, 60);
    const account = await charge(server, p.patientId, 5_000);
    const token = await cardToken(p.client);
    const before = await count(server, 'payments');
    const res = await pay(p.client, randomUUID(), { amountCents: 5_001, currency: 'USD', cardToken: token });
    expect(res.status).toBe(400);
    expect(await count(server, 'payments')).toBe(before);
    expect(await balanceOf(server, account.id)).toBe(5_000);
  });

  it('only billing staff change it, and the change is audited', async () => {
    const p = await signedInPatient(server, 61);
    expect((await p.client.request('PATCH', '/api/staff/billing/policy', { allowCredit: true })).status).toBe(
      403,
    );
    expect((await staff.request('PATCH', '/api/staff/billing/policy', { allowCredit: 'yes' })).status).toBe(
      400,
    );
    expect((await staff.get('/api/staff/billing/policy')).body).toMatchObject({ allowCredit: false });
    const audits = await count(server, 'audit_events');
    const res = await setCredit(true);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allowCredit: true, currency: 'USD' });
    expect(await count(server, 'audit_events')).toBe(audits + 1);
  });

  it('when on, keeps the excess as a credit that shows everywhere and the next charge uses up', async () => {
    await setCredit(true);
    const p = await signedInPatient(server, 62);
    const account = await charge(server, p.patientId, 5_000);
    const token = await cardToken(p.client);
    const res = await pay(p.client, randomUUID(), { amountCents: 7_500, currency: 'USD', cardToken: token });
    expect(res.status).toBe(202);
    await runBillingJobs(server);
    expect((await p.client.get<{ status: string }>(`/api/billing/payments/${res.body.id}`)).body.status).toBe(
      'succeeded',
    );
    expect(await balanceOf(server, account.id)).toBe(-2_500);
    expect((await p.client.get<BillingSummary>('/api/billing/summary')).body.balanceCents).toBe(-2_500);
    // The console lists the account with its credit, and counts credit apart from money owed.
    const { mrn } = (await p.client.get<{ mrn: string }>('/api/me/profile')).body;
    const rows = await staff.get<{ items: { accountId: string; balanceCents: number }[] }>(
      `/api/staff/billing/accounts?q=${encodeURIComponent(mrn)}`,
    );
    expect(rows.body.items.find((i) => i.accountId === account.id)?.balanceCents).toBe(-2_500);
    const detail = await staff.get<{ balanceCents: number }>(`/api/staff/billing/accounts/${account.id}`);
    expect(detail.body.balanceCents).toBe(-2_500);
    const aging = await staff.get<{ credit: { accounts: number; cents: number } }>(
      '/api/staff/billing/aging',
    );
    expect(aging.body.credit.accounts).toBeGreaterThanOrEqual(1);
    expect(aging.body.credit.cents).toBeGreaterThanOrEqual(2_500);

    // The next charge consumes the credit: only what exceeds it is owed and stated.
    await charge(server, p.patientId, 4_000);
    expect(await balanceOf(server, account.id)).toBe(1_500);
    await generateStatements(server.runtime.database.db, server.tenantId);
    const summary = (await p.client.get<BillingSummary>('/api/billing/summary')).body;
    const statement = (await p.client.get<Statement>(`/api/billing/statements/${summary.statements[0]!.id}`))
      .body;
    expect(statement.balanceCents).toBe(1_500);
    expect(statement.amountDueCents).toBe(1_500);
    // The lines add up to the balance: the charges, less the payment that made the credit.
    const lines = statement.previousBalanceCents + statement.lines.reduce((s, l) => s + l.youOweCents, 0);
    expect(lines).toBe(1_500);
  });

  it('still refuses zero, negative and fractional amounts when credit is on', async () => {
    await setCredit(true);
    const p = await signedInPatient(server, 63);
    const account = await charge(server, p.patientId, 1_000);
    const token = await cardToken(p.client);
    const before = await count(server, 'payments');
    for (const amountCents of [0, -100, 10.5]) {
      const res = await pay(p.client, randomUUID(), { amountCents, currency: 'USD', cardToken: token });
      expect(res.status, String(amountCents)).toBeGreaterThanOrEqual(400);
      expect(res.status, String(amountCents)).toBeLessThan(500);
    }
    expect(await count(server, 'payments')).toBe(before);
    expect(await balanceOf(server, account.id)).toBe(1_000);
  });

  it('when turned off again, refuses over-payments again', async () => {
    await setCredit(false);
    const p = await signedInPatient(server, 64);
    await charge(server, p.patientId, 1_000);
    const token = await cardToken(p.client);
    const res = await pay(p.client, randomUUID(), { amountCents: 1_001, currency: 'USD', cardToken: token });
    expect(res.status).toBe(400);
  });
});
