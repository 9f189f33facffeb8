import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingSummary, PaymentPlan, Statement } from '@accompany/contracts';
import { generateStatements } from '../src/modules/billing/statements.service.js';
import { SERVICES } from '../src/modules/billing/billing.demo.js';
import { serviceName } from '../src/modules/billing/service-names.js';
import { runPlans } from '../src/modules/billing/plans.runner.js';
import { payLinkToken } from '../src/modules/billing/text-to-pay.service.js';
import { gatewaysOf } from '../src/platform/payments/gateways.js';
import { caughtMail, enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import { addSecondTenant } from './second-tenant.js';
import { balanceOf, cardToken, charge, count, runBillingJobs, signedInPatient } from './billing-fixtures.js';

/** Statements, text-to-pay, plans, autopay and the staff console, end to end over HTTP. */
let server: TestServer;
let staff: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  staff = new TestClient(server.app);
  await enrolStaff(staff, 'billing@riverside.example');
});
afterAll(async () => server?.close());

const issue = () =>
  generateStatements(server.runtime.database.db, server.tenantId, { platform: server.runtime.platform });

describe('statements', () => {
  it('are issued on the run for accounts that owe, with plain lines, a code and a mail; once per change', async () => {
    const p = await signedInPatient(server, 40);
    await charge(server, p.patientId, 12_000);
    expect(await issue()).toBeGreaterThanOrEqual(1);
    expect(await issue()).toBe(0);
    const summary = await p.client.get<BillingSummary>('/api/billing/summary');
    expect(summary.body.balanceCents).toBe(12_000);
    const s = summary.body.statements[0]!;
    expect(s).toMatchObject({ amountDueCents: 12_000, state: 'open' });
    const full = await p.client.get<Statement>(`/api/billing/statements/${s.id}`);
    expect(full.body.lines[0]).toMatchObject({
      description: 'Office visit, established patient',
      youOweCents: 12_000,
      reason: 'copay',
    });
    expect(full.body.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const mail = await caughtMail(server, p.email);
    expect(mail.map((m) => m.template)).toContain('statement_ready');
    // The statement mail carries its text-to-pay link, with the statement's code in it.
    const ready = mail.find((m) => m.template === 'statement_ready')!;
    expect(ready.text_body).toContain(`/pay/${full.body.code}-`);
    expect(await count(server, 'audit_events', sql`object_id = ${s.id} and action = 'read'`)).toBe(1);
  });

  it("another patient's statement is not found, and the attempt is audited", async () => {
    const a = await signedInPatient(server, 41);
    const b = await signedInPatient(server, 42);
    await charge(server, a.patientId, 3_000);
    await issue();
    const s = (await a.client.get<BillingSummary>('/api/billing/summary')).body.statements[0]!;
    const res = await b.client.get(`/api/billing/statements/${s.id}`);
    expect(res.status).toBe(404);
    expect(await count(server, 'audit_events', sql`object_id = ${s.id} and outcome = 'denied'`)).toBe(1);
  });
});

describe('statements in Spanish', () => {
  it('a Spanish-speaking demo patient reads the lines in Spanish on the statement, on paper and in the notice', async () => {
    // A demo patient whose language is Spanish, with the demo's bills.
    const spanish = await server.runtime.database.db
      .selectFrom('users')
      .innerJoin('patients', 'patients.id', 'users.patient_id')
      .innerJoin('billing_accounts', 'billing_accounts.patient_id', 'patients.id')
      .select(['users.email', 'patients.id as patientId'])
      .where('users.role', '=', 'patient')
      .where('users.locale', '=', 'es')
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('statements').whereRef('statements.account_id', '=', 'billing_accounts.id')),
      )
      .orderBy('users.email')
      .executeTakeFirstOrThrow();
    const client = new TestClient(server.app);
    expect((await client.signIn(spanish.email)).status).toBe(200);
    const demo = (await client.get<BillingSummary>('/api/billing/summary')).body.statements[0]!;
    const demoLines = (await client.get<Statement>(`/api/billing/statements/${demo.id}`)).body.lines;
    expect(demoLines.length).toBeGreaterThan(0);
    const inSpanish = SERVICES.map((x) => serviceName(x.description, 'es'));
    for (const l of demoLines) expect(inSpanish).toContain(l.description);
    await charge(server, spanish.patientId, 9_000);
    await issue();
    const s = (await client.get<BillingSummary>('/api/billing/summary')).body.statements[0]!;
    const full = (await client.get<Statement>(`/api/billing/statements/${s.id}`)).body;
    expect(full.lines.find((l) => l.youOweCents === 9_000)).toMatchObject({
      description: 'Consulta en el consultorio, paciente ya registrado',
      reason: 'copay',
    });
    // The printable statement is the same document; the notice lists the line in Spanish too.
    const ready = (await caughtMail(server, spanish.email)).find((m) => m.template === 'statement_ready')!;
    expect(ready.subject).toMatch(/^Su estado de cuenta/);
    expect(ready.text_body).toContain('Consulta en el consultorio, paciente ya registrado: usted debe');
    // Staff and English-speaking patients keep the words as issued.
    const english = await signedInPatient(server, 44);
    await charge(server, english.patientId, 1_000);
    await issue();
    const e = (await english.client.get<BillingSummary>('/api/billing/summary')).body.statements[0]!;
    const englishLines = (await english.client.get<Statement>(`/api/billing/statements/${e.id}`)).body.lines;
    expect(englishLines[0]!.description).toBe('Office visit, established patient');
  });
});

describe('text-to-pay', () => {
  it('pays without signing in after the date of birth; wrong dates lock the link; tampered and expired links are 400', async () => {
    const owner = await signedInPatient(server, 43);
    const account = await charge(server, owner.patientId, 8_000);
    await issue();
    const s = (await owner.client.get<BillingSummary>('/api/billing/summary')).body.statements[0]!;
    const token = payLinkToken(server.runtime.platform, server.tenantId, s.code);
    const anon = new TestClient(server.app);
    await anon.refreshSession();
    const before = await count(server, 'payments');
    // Tampered and expired links.
    const tampered = `${token.slice(0, -2)}xx`;
    expect((await anon.post(`/api/pay/${tampered}/unlock`, { birthDate: owner.birthDate })).status).toBe(400);
    const expired = payLinkToken(
      server.runtime.platform,
      server.tenantId,
      s.code,
      Date.now() - 40 * 86_400_000,
    );
    const old = await anon.post<{ detail: string }>(`/api/pay/${expired}/unlock`, {
      birthDate: owner.birthDate,
    });
    expect(old.status).toBe(400);
    expect(old.body.detail).toMatch(/expired/);
    const otherTenantToken = payLinkToken(server.runtime.platform, randomUUID(), s.code);
    expect(
      (await anon.post(`/api/pay/${otherTenantToken}/unlock`, { birthDate: owner.birthDate })).status,
    ).toBe(400);
    // Right link, right date: a grant and the statement; then pay with a card token.
    const unlocked = await anon.post<{ grant: string; statement: Statement }>(`/api/pay/${token}/unlock`, {
      birthDate: owner.birthDate,
    });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.statement.amountDueCents).toBe(8_000);
    const card = await cardToken(anon);
    const paid = await anon.request<{ id: string }>(
      'POST',
      `/api/pay/${token}/payments`,
      { grant: unlocked.body.grant, amountCents: 8_000, currency: 'USD', cardToken: card },
      { 'idempotency-key': randomUUID() },
    );
    expect(paid.status).toBe(202);
    await runBillingJobs(server);
    const status = await anon.get<{ status: string }>(
      `/api/pay/${token}/payments/${paid.body.id}?grant=${unlocked.body.grant}`,
    );
    expect(status.body.status).toBe('succeeded');
    expect(await balanceOf(server, account.id)).toBe(0);
    expect(await count(server, 'payments')).toBe(before + 1);
    // Wrong dates of birth: 400 each, then the link locks (429) even for the right date.
    for (let i = 0; i < 5; i++) {
      const wrong = await anon.post(`/api/pay/${token}/unlock`, { birthDate: '1901-01-01' });
      expect(wrong.status).toBe(400);
    }
    const locked = await anon.post(`/api/pay/${token}/unlock`, { birthDate: owner.birthDate });
    expect(locked.status).toBe(429);
    expect(await count(server, 'audit_events', sql`object_id = ${s.id} and outcome = 'denied'`)).toBe(5);
    expect(await count(server, 'payments')).toBe(before + 1);
  });
});

describe('payment plans', () => {
  it('set up within policy, noticed before each charge, charged by the daily run, completed', async () => {
    const p = await signedInPatient(server, 44);
    const account = await charge(server, p.patientId, 10_000);
    const options = await p.client.get<{ choices: { months: number }[] }>('/api/billing/plan-options');
    expect(options.body.choices.map((c) => c.months)).toEqual([2, 3, 4]);
    const card = await cardToken(p.client);
    const today = new Date().toISOString().slice(0, 10);
    const tooLong = await p.client.post('/api/billing/plan', {
      months: 6,
      cardToken: card,
      firstDueDate: today,
    });
    expect(tooLong.status).toBe(400);
    const created = await p.client.post<PaymentPlan>('/api/billing/plan', {
      months: 2,
      cardToken: card,
      firstDueDate: today,
    });
    expect(created.status).toBe(201);
    expect(created.body.installments.map((i) => i.amountCents)).toEqual([5_000, 5_000]);
    const again = await p.client.post('/api/billing/plan', {
      months: 2,
      cardToken: card,
      firstDueDate: today,
    });
    expect(again.status).toBe(409); // one active plan per account
    const platform = server.runtime.platform;
    const first = created.body.installments[0]!.dueDate;
    const second = created.body.installments[1]!.dueDate;
    // Day 1: the notice only. Next run: the charge.
    expect(await runPlans(platform, server.tenantId, first)).toMatchObject({ noticed: 1, charged: 0 });
    expect(await runPlans(platform, server.tenantId, first)).toMatchObject({ charged: 1 });
    expect(await runPlans(platform, server.tenantId, first)).toMatchObject({ charged: 0 });
    await runBillingJobs(server);
    expect(await balanceOf(server, account.id)).toBe(5_000);
    await runPlans(platform, server.tenantId, second);
    await runPlans(platform, server.tenantId, second);
    await runBillingJobs(server);
    const plan = (await p.client.get<BillingSummary>('/api/billing/summary')).body.plan!;
    expect(plan.status).toBe('completed');
    expect(await balanceOf(server, account.id)).toBe(0);
    const templates = (await caughtMail(server, p.email)).map((m) => m.template);
    expect(templates.filter((t) => t === 'plan_installment_notice')).toHaveLength(2);
    expect(templates.filter((t) => t === 'payment_receipt')).toHaveLength(2);
  });

  it('a failing card is retried (dunning) and the plan defaults after the last retry', async () => {
    const p = await signedInPatient(server, 45);
    await charge(server, p.patientId, 6_000);
    const card = await cardToken(p.client, '4000000000000002');
    const today = new Date().toISOString().slice(0, 10);
    await p.client.post('/api/billing/plan', { months: 2, cardToken: card, firstDueDate: today });
    const platform = server.runtime.platform;
    await runPlans(platform, server.tenantId, today); // notice
    for (let attempt = 0; attempt < 3; attempt++) {
      await runPlans(platform, server.tenantId, '2099-01-01'); // far ahead: the retry day has come
      await runBillingJobs(server);
    }
    const plan = (await p.client.get<BillingSummary>('/api/billing/summary')).body.plan!;
    expect(plan.status).toBe('defaulted');
    expect(
      await count(server, 'payments', sql`channel = 'plan' and status = 'failed' and card_last4 = '0002'`),
    ).toBeGreaterThanOrEqual(3);
  });
});

describe('autopay', () => {
  it('a new statement is announced, then paid with the saved card, unless turned off', async () => {
    const p = await signedInPatient(server, 46);
    const account = await charge(server, p.patientId, 2_500);
    const card = await cardToken(p.client);
    expect((await p.client.post('/api/billing/autopay', { cardToken: card })).status).toBe(200);
    await issue();
    const templates = (await caughtMail(server, p.email)).map((m) => m.template);
    expect(templates).toContain('autopay_notice');
    await sql`update jobs set run_at = now() where queue = 'billing.autopay.charge' and status = 'queued'`.execute(
      server.runtime.database.db,
    );
    await runBillingJobs(server);
    expect(await balanceOf(server, account.id)).toBe(0);
    expect((await p.client.delete('/api/billing/autopay')).status).toBe(204);
    await charge(server, p.patientId, 1_000);
    await issue();
    await sql`update jobs set run_at = now() where queue = 'billing.autopay.charge' and status = 'queued'`.execute(
      server.runtime.database.db,
    );
    await runBillingJobs(server);
    expect(await balanceOf(server, account.id)).toBe(1_000);
  });
});

describe('staff billing console', () => {
  it('lists accounts, shows the ledger, posts an adjustment with a reason, refunds, reports and exports', async () => {
    const p = await signedInPatient(server, 47);
    const account = await charge(server, p.patientId, 9_900);
    const card = await cardToken(p.client);
    const paid = await p.client.request<{ id: string }>(
      'POST',
      '/api/billing/payments',
      { amountCents: 4_900, currency: 'USD', cardToken: card },
      { 'idempotency-key': randomUUID() },
    );
    await runBillingJobs(server);
    const list = await staff.get<{ items: { accountId: string }[] }>('/api/staff/billing/accounts');
    expect(list.status).toBe(200);
    const detail = await staff.get<{ ledger: unknown[]; balanceCents: number }>(
      `/api/staff/billing/accounts/${account.id}`,
    );
    expect(detail.body).toMatchObject({ balanceCents: 5_000 });
    const noReason = await staff.post(`/api/staff/billing/accounts/${account.id}/entries`, {
      kind: 'adjustment',
      amountCents: -1_000,
      currency: 'USD',
      description: 'Prompt-pay discount',
    });
    expect(noReason.status).toBe(400);
    const fractional = await staff.post(`/api/staff/billing/accounts/${account.id}/entries`, {
      kind: 'adjustment',
      amountCents: -10.5,
      currency: 'USD',
      description: 'x',
      reason: 'because',
    });
    expect(fractional.status).toBe(400);
    const euro = await staff.post(`/api/staff/billing/accounts/${account.id}/entries`, {
      kind: 'adjustment',
      amountCents: -1_000,
      currency: 'EUR',
      description: 'x',
      reason: 'because',
    });
    expect(euro.status).toBe(400);
    const adj = await staff.post(`/api/staff/billing/accounts/${account.id}/entries`, {
      kind: 'adjustment',
      amountCents: -1_000,
      currency: 'USD',
      description: 'Prompt-pay discount',
      reason: 'Paid within 10 days',
    });
    expect(adj.status).toBe(201);
    const tooMuch = await staff.post(`/api/staff/billing/payments/${paid.body.id}/refunds`, {
      amountCents: 5_000,
      reason: 'Paid twice by mistake',
    });
    expect(tooMuch.status).toBe(400);
    const refund = await staff.post(`/api/staff/billing/payments/${paid.body.id}/refunds`, {
      amountCents: 900,
      reason: 'Overcharged copay',
    });
    expect(refund.status).toBe(202);
    await runBillingJobs(server);
    expect(await balanceOf(server, account.id)).toBe(9_900 - 4_900 - 1_000 + 900);
    // A retried refund (same key) refunds nothing more at the gateway.
    const { gateway_ref } = await server.runtime.database.db
      .selectFrom('payments')
      .select('gateway_ref')
      .where('id', '=', paid.body.id)
      .executeTakeFirstOrThrow();
    const sandbox = gatewaysOf(server.runtime.platform).sandbox;
    const again = {
      tenantId: server.tenantId,
      idempotencyKey: (refund.body as { refundId: string }).refundId,
      chargeRef: gateway_ref!,
      amountCents: 900,
    };
    const first = await sandbox.refund(again);
    expect(await sandbox.refund(again)).toEqual(first);
    const refunded = await server.runtime.database.db
      .selectFrom('sandbox_gateway_charges')
      .select('refunded_cents')
      .where('id', '=', gateway_ref!)
      .executeTakeFirstOrThrow();
    expect(Number(refunded.refunded_cents)).toBe(900);
    const today = new Date().toISOString().slice(0, 10);
    const payments = await staff.get<{ items: { id: string }[] }>(
      `/api/staff/billing/payments?date=${today}`,
    );
    expect(payments.body.items.map((i) => i.id)).toContain(paid.body.id);
    const failed = await staff.get<{ items: { status: string }[] }>(
      '/api/staff/billing/payments?status=failed',
    );
    expect(failed.body.items.every((i) => i.status === 'failed')).toBe(true);
    const aging = await staff.get<{ items: { bucket: string }[] }>('/api/staff/billing/aging');
    expect(aging.body.items.map((i) => i.bucket)).toEqual(['current', '1-30', '31-60', '61-90', '90+']);
    const csv = await staff.get<string>(`/api/staff/billing/export?from=${today}&to=${today}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe(
      'entry_id,posted_at,mrn,kind,amount,currency,service_date,description,reason,source_type,source_id',
    );
    expect(csv.body).toContain(',adjustment,-10.00,USD,');
    expect(
      await count(server, 'audit_events', sql`object_type = 'Ledger' and action = 'export'`),
    ).toBeGreaterThan(0);
    // A patient and a clinician cannot use the console.
    expect((await p.client.get('/api/staff/billing/accounts')).status).toBe(403);
  });

  it('another tenant sees none of these accounts', async () => {
    const b = await addSecondTenant(server);
    const list = await b.admin.get<{ items: unknown[] }>('/api/staff/billing/accounts');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const some = await server.runtime.database.db
      .selectFrom('billing_accounts')
      .select('id')
      .executeTakeFirstOrThrow();
    expect((await b.admin.get(`/api/staff/billing/accounts/${some.id}`)).status).toBe(404);
  });
});
