import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caughtMail, startTestServer, type TestServer } from './harness.js';
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
 * Paying through the sandbox gateway: idempotency under concurrency, a lost answer
 * reconciled with the gateway, declines, asynchronous confirmation, amount checks.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('card entry in the browser with the sandbox', () => {
  it('tells the web app to use the sandbox, and the CSP lets no payment third party in', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/payments/config' });
    expect(res.json()).toEqual({ gateway: 'sandbox', publishableKey: null, allowCredit: false });
    expect(String(res.headers['content-security-policy'])).not.toContain('stripe');
  });
});

describe('idempotent payments', () => {
  it('1,000 requests carrying 200 keys, fired at once, make exactly 200 charges', async () => {
    const p = await signedInPatient(server, 0);
    const account = await charge(server, p.patientId, 500_000);
    const token = await cardToken(p.client);
    const keys = Array.from({ length: 200 }, () => randomUUID());
    const requests = Array.from({ length: 1000 }, (_, i) =>
      pay(p.client, keys[i % 200]!, { amountCents: 1000, currency: 'USD', cardToken: token }),
    );
    const answers = await Promise.all(requests);
    expect(answers.filter((a) => a.status !== 202).map((a) => a.body)).toEqual([]);
    // Every answer for a key names the same payment.
    const byKey = new Map<string, Set<string>>();
    answers.forEach((a, i) =>
      byKey.set(keys[i % 200]!, (byKey.get(keys[i % 200]!) ?? new Set()).add(a.body.id)),
    );
    expect([...byKey.values()].every((ids) => ids.size === 1)).toBe(true);
    await runBillingJobs(server);
    expect(await count(server, 'payments', sql`account_id = ${account.id}`)).toBe(200);
    expect(await count(server, 'sandbox_gateway_charges', sql`token = ${token}`)).toBe(200);
    expect(
      await count(server, 'ledger_entries', sql`account_id = ${account.id} and kind = 'patient_payment'`),
    ).toBe(200);
    expect(await balanceOf(server, account.id)).toBe(500_000 - 200 * 1000);
  }, 120_000);

  it('a gateway timeout is reconciled with the gateway, and a retry of the key charges once', async () => {
    const p = await signedInPatient(server, 1);
    const account = await charge(server, p.patientId, 20_000);
    const token = await cardToken(p.client, '4000000000000408');
    const key = randomUUID();
    const first = await pay(p.client, key, { amountCents: 5000, currency: 'USD', cardToken: token });
    expect(first.status).toBe(202);
    await server.runtime.worker.drain();
    const afterTimeout = await p.client.get<{ status: string }>(`/api/billing/payments/${first.body.id}`);
    expect(afterTimeout.body.status).toBe('unknown');
    // The client gives up waiting and retries with the same key: same payment, nothing new.
    const retry = await pay(p.client, key, { amountCents: 5000, currency: 'USD', cardToken: token });
    expect(retry.body.id).toBe(first.body.id);
    await runBillingJobs(server);
    const settled = await p.client.get<{ status: string }>(`/api/billing/payments/${first.body.id}`);
    expect(settled.body.status).toBe('succeeded');
    expect(await count(server, 'sandbox_gateway_charges', sql`token = ${token}`)).toBe(1);
    expect(await balanceOf(server, account.id)).toBe(15_000);
  }, 60_000);

  it('the same key with another amount is a conflict and charges nothing more', async () => {
    const p = await signedInPatient(server, 2);
    await charge(server, p.patientId, 10_000);
    const token = await cardToken(p.client);
    const key = randomUUID();
    expect((await pay(p.client, key, { amountCents: 1000, currency: 'USD', cardToken: token })).status).toBe(
      202,
    );
    const other = await pay(p.client, key, { amountCents: 2000, currency: 'USD', cardToken: token });
    expect(other.status).toBe(409);
    await runBillingJobs(server);
    expect(await count(server, 'sandbox_gateway_charges', sql`token = ${token}`)).toBe(1);
  });
});

describe('card outcomes', () => {
  it.each([
    ['4000000000000002', 'card_declined'],
    ['4000000000009995', 'insufficient_funds'],
    ['4000000000000069', 'expired_card'],
    ['4000000000000119', 'processing_error'],
  ])('card %s fails with %s, posts nothing, and tells the patient', async (number, code) => {
    const index = { card_declined: 3, insufficient_funds: 4, expired_card: 5, processing_error: 6 }[code]!;
    const p = await signedInPatient(server, index);
    const account = await charge(server, p.patientId, 9_000);
    const token = await cardToken(p.client, number);
    const res = await pay(p.client, randomUUID(), { amountCents: 9_000, currency: 'USD', cardToken: token });
    await runBillingJobs(server);
    const final = await p.client.get<{ status: string; failureCode: string }>(
      `/api/billing/payments/${res.body.id}`,
    );
    expect(final.body).toMatchObject({ status: 'failed', failureCode: code });
    expect(await balanceOf(server, account.id)).toBe(9_000);
    const mail = await caughtMail(server, p.email);
    expect(mail.map((m) => m.template)).toContain('payment_failed');
  });

  it('an asynchronous card is processing first, then confirmed by the gateway event, with a receipt', async () => {
    const p = await signedInPatient(server, 7);
    const account = await charge(server, p.patientId, 4_000);
    const token = await cardToken(p.client, '4000000000003220');
    const res = await pay(p.client, randomUUID(), { amountCents: 4_000, currency: 'USD', cardToken: token });
    await server.runtime.worker.drain();
    expect((await p.client.get<{ status: string }>(`/api/billing/payments/${res.body.id}`)).body.status).toBe(
      'processing',
    );
    await runBillingJobs(server);
    expect((await p.client.get<{ status: string }>(`/api/billing/payments/${res.body.id}`)).body.status).toBe(
      'succeeded',
    );
    expect(await balanceOf(server, account.id)).toBe(0);
    const mail = await caughtMail(server, p.email);
    expect(mail[0]!.template).toBe('payment_receipt');
    expect(mail[0]!.text_body).toContain('$40.00');
  });
});

describe('amounts are checked against the balance', () => {
  it('refuses zero, negative, fractional, over-payment and the wrong currency: 4xx, nothing written or charged', async () => {
    const p = await signedInPatient(server, 8);
    const account = await charge(server, p.patientId, 3_000);
    const token = await cardToken(p.client);
    const before = await count(server, 'payments');
    const charges = await count(server, 'sandbox_gateway_charges');
    for (const body of [
      { amountCents: 0, currency: 'USD', cardToken: token },
      { amountCents: -500, currency: 'USD', cardToken: token },
      { amountCents: 10.5, currency: 'USD', cardToken: token },
      { amountCents: 3_001, currency: 'USD', cardToken: token },
      { amountCents: 1_000, currency: 'EUR', cardToken: token },
      { amountCents: 1_000, currency: 'usd', cardToken: token },
      { amountCents: '1000', currency: 'USD', cardToken: token },
      { amountCents: 1_000, currency: 'USD', cardToken: '4242424242424242' },
    ]) {
      const res = await pay(p.client, randomUUID(), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    // Without an idempotency key a payment is refused too.
    const bare = await p.client.post('/api/billing/payments', {
      amountCents: 1_000,
      currency: 'USD',
      cardToken: token,
    });
    expect(bare.status).toBe(400);
    await runBillingJobs(server);
    expect(await count(server, 'payments')).toBe(before);
    expect(await count(server, 'sandbox_gateway_charges')).toBe(charges);
    expect(await balanceOf(server, account.id)).toBe(3_000);
  });

  it('two different keys cannot together pay more than is owed', async () => {
    const p = await signedInPatient(server, 9);
    const account = await charge(server, p.patientId, 5_000);
    const token = await cardToken(p.client);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        pay(p.client, randomUUID(), { amountCents: 2_000, currency: 'USD', cardToken: token }),
      ),
    );
    expect(answers.filter((a) => a.status === 202)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 400)).toHaveLength(8);
    await runBillingJobs(server);
    expect(await balanceOf(server, account.id)).toBe(1_000);
  });

  it("a patient cannot read another patient's payment", async () => {
    const a = await signedInPatient(server, 10);
    const b = await signedInPatient(server, 11);
    await charge(server, a.patientId, 2_000);
    const token = await cardToken(a.client);
    const res = await pay(a.client, randomUUID(), { amountCents: 2_000, currency: 'USD', cardToken: token });
    const seen = await b.client.get(`/api/billing/payments/${res.body.id}`);
    expect(seen.status).toBe(404);
    const denied = await count(
      server,
      'audit_events',
      sql`object_id = ${res.body.id} and outcome = 'denied'`,
    );
    expect(denied).toBe(1);
  });
});
