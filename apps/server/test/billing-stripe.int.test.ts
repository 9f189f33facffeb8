import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StripeGateway } from '../src/platform/payments/stripe-gateway.js';
import { GatewayTimeout } from '../src/platform/payments/gateway.js';
import { startTestServer, type TestServer } from './harness.js';
import { startFakeStripe, type FakeStripe } from './fake-stripe.js';
import { balanceOf, charge, pay, runBillingJobs, signedInPatient } from './billing-fixtures.js';

/** The Stripe adapter, chosen by configuration, against a Stripe look-alike on localhost. */
const KEY = 'sk_test_accompany0123456789';
const WEBHOOK_SECRET = 'whsec_accompanytestsecret0123';
let fake: FakeStripe;
let server: TestServer;

beforeAll(async () => {
  fake = await startFakeStripe(KEY, 1500, 'pk_test_accompany0123456789');
  server = await startTestServer({
    PAYMENT_GATEWAY: 'stripe',
    STRIPE_SECRET_KEY: KEY,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_PUBLISHABLE_KEY: 'pk_test_accompany0123456789',
    STRIPE_API_URL: fake.url,
  });
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const gateway = () => {
  const u = new URL(fake.url);
  return new StripeGateway({
    secretKey: KEY,
    host: u.hostname,
    port: Number(u.port),
    protocol: 'http',
    timeoutMs: 300,
  });
};
const request = (cardToken: string, key = randomUUID()) => ({
  tenantId: randomUUID(),
  idempotencyKey: key,
  amountCents: 2_500,
  currency: 'USD',
  cardToken,
  description: 'test',
});

describe('Stripe adapter', () => {
  it('charges with an idempotency key; the same key replays instead of charging again', async () => {
    const g = gateway();
    const r = request('pm_card_visa');
    const first = await g.charge(r);
    expect(first).toMatchObject({ status: 'succeeded', failureCode: null });
    const creates = fake.creates;
    expect(await g.charge(r)).toEqual(first);
    expect(fake.creates).toBe(creates);
    expect(await g.findCharge(r)).toEqual(first);
  });

  it('maps declines to failure codes, and a lost answer to a timeout that findCharge resolves', async () => {
    const g = gateway();
    expect(await g.charge(request('pm_card_chargeDeclined'))).toMatchObject({
      status: 'failed',
      failureCode: 'generic_decline',
    });
    expect(await g.charge(request('pm_card_chargeDeclinedInsufficientFunds'))).toMatchObject({
      failureCode: 'insufficient_funds',
    });
    const slow = request('pm_card_slow');
    await expect(g.charge(slow)).rejects.toBeInstanceOf(GatewayTimeout);
    await new Promise((r) => setTimeout(r, 1600));
    expect(await g.findCharge(slow)).toMatchObject({ status: 'succeeded' });
    expect(await g.findCharge(request('pm_card_visa'))).toBeNull();
  });

  it('a wrong secret key is a rejection, not a card outcome', async () => {
    const u = new URL(fake.url);
    const g = new StripeGateway({
      secretKey: 'sk_test_wrong',
      host: u.hostname,
      port: Number(u.port),
      protocol: 'http',
    });
    await expect(g.charge(request('pm_card_visa'))).rejects.toThrow(/API Key/);
  });
});

describe('card entry in the browser with Stripe', () => {
  it('tells the web app to load Stripe.js with the publishable key, and the CSP lets Stripe in', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/payments/config' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      gateway: 'stripe',
      publishableKey: 'pk_test_accompany0123456789',
      allowCredit: false,
    });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self' https://js.stripe.com");
    expect(csp).toContain("frame-src 'self' https://js.stripe.com");
    expect(csp).toContain("connect-src 'self' https://api.stripe.com");
    // The secret key never leaves the server.
    expect(res.body).not.toContain('sk_test');
  });

  it('charges a PaymentMethod made by Stripe.js from card details, and refuses a decline without charging', async () => {
    const made = async (number: string) => {
      const r = await fetch(`${fake.url}/v1/payment_methods`, {
        method: 'POST',
        body: new URLSearchParams({
          key: 'pk_test_accompany0123456789',
          type: 'card',
          'card[number]': number,
          'card[exp_month]': '12',
          'card[exp_year]': '2034',
          'card[cvc]': '123',
        }),
      });
      return ((await r.json()) as { id: string }).id;
    };
    const p = await signedInPatient(server, 52);
    const account = await charge(server, p.patientId, 4_000);
    const declined = await pay(p.client, randomUUID(), {
      amountCents: 4_000,
      currency: 'USD',
      cardToken: await made('4000000000000069'),
    });
    await runBillingJobs(server);
    expect(
      (
        await p.client.get<{ status: string; failureCode: string }>(
          `/api/billing/payments/${declined.body.id}`,
        )
      ).body,
    ).toMatchObject({ status: 'failed', failureCode: 'expired_card' });
    expect(await balanceOf(server, account.id)).toBe(4_000);
    const paid = await pay(p.client, randomUUID(), {
      amountCents: 4_000,
      currency: 'USD',
      cardToken: await made('4242424242424242'),
    });
    await runBillingJobs(server);
    expect(
      (await p.client.get<{ status: string; cardLast4: string }>(`/api/billing/payments/${paid.body.id}`))
        .body,
    ).toMatchObject({ status: 'succeeded', cardLast4: '4242' });
    expect(await balanceOf(server, account.id)).toBe(0);
  });
});

describe('cards kept for plans and autopay', () => {
  const browserCard = async (number = '4242424242424242') => {
    const r = await fetch(`${fake.url}/v1/payment_methods`, {
      method: 'POST',
      body: new URLSearchParams({
        key: 'pk_test_accompany0123456789',
        type: 'card',
        'card[number]': number,
        'card[exp_month]': '12',
        'card[exp_year]': '2034',
        'card[cvc]': '123',
      }),
    });
    return ((await r.json()) as { id: string }).id;
  };

  it('a PaymentMethod from the browser is charged once; kept with a Customer it is charged again and again', async () => {
    const g = gateway();
    const once = await browserCard();
    expect(await g.charge(request(once))).toMatchObject({ status: 'succeeded' });
    await expect(g.charge(request(once))).rejects.toThrow(/may not be used again/);

    const pm = await browserCard();
    const kept = await g.keepCard('tenant', pm);
    expect(kept).toMatch(/^cus_[0-9a-f]+\/pm_[0-9a-f]+$/);
    // Keeping the same card again (a retried request) names the same Customer.
    expect(await g.keepCard('tenant', pm)).toBe(kept);
    expect(await g.charge(request(kept))).toMatchObject({ status: 'succeeded' });
    expect(await g.charge(request(kept))).toMatchObject({ status: 'succeeded' });
    expect(await g.describeCard('tenant', kept)).toMatchObject({ last4: '4242' });
    // Once attached, the bare PaymentMethod is refused without its Customer.
    await expect(g.charge(request(pm))).rejects.toThrow(/belongs to a Customer/);
  });

  it('autopay keeps the card with a Customer, never the bare PaymentMethod', async () => {
    const p = await signedInPatient(server, 53);
    await charge(server, p.patientId, 2_000);
    const res = await p.client.post('/api/billing/autopay', { cardToken: await browserCard() });
    expect(res.status).toBeLessThan(300);
    const kept = await server.runtime.database.db
      .selectFrom('payment_methods')
      .innerJoin('billing_accounts', 'billing_accounts.id', 'payment_methods.account_id')
      .select('gateway_token')
      .where('billing_accounts.patient_id', '=', p.patientId)
      .executeTakeFirstOrThrow();
    expect(kept.gateway_token).toMatch(/^cus_[0-9a-f]+\/pm_[0-9a-f]+$/);
  });
});

describe('paying through Stripe and its webhook', () => {
  it('a payment is charged as a PaymentIntent and posted once', async () => {
    const p = await signedInPatient(server, 50);
    const account = await charge(server, p.patientId, 7_000);
    const res = await pay(p.client, randomUUID(), {
      amountCents: 7_000,
      currency: 'USD',
      cardToken: 'pm_card_visa',
    });
    expect(res.status).toBe(202);
    await runBillingJobs(server);
    expect((await p.client.get<{ status: string }>(`/api/billing/payments/${res.body.id}`)).body.status).toBe(
      'succeeded',
    );
    expect(await balanceOf(server, account.id)).toBe(0);
  });

  it('accepts only signed webhooks, and settles the payment the event names once', async () => {
    const p = await signedInPatient(server, 51);
    const account = await charge(server, p.patientId, 3_000);
    const res = await pay(p.client, randomUUID(), {
      amountCents: 3_000,
      currency: 'USD',
      cardToken: 'pm_card_visa',
    });
    const paymentId = res.body.id;
    const event = {
      id: `evt_${randomUUID().replace(/-/g, '')}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      data: {
        object: {
          id: 'pi_webhook',
          object: 'payment_intent',
          status: 'succeeded',
          metadata: { idempotency_key: paymentId },
        },
      },
    };
    const payload = JSON.stringify(event);
    const post = (signature: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/billing/stripe/webhook',
        headers: {
          host: 'localhost:3000',
          'content-type': 'application/json',
          'stripe-signature': signature,
        },
        payload,
      });
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_somebodyelse' });
    expect((await post(forged)).statusCode).toBe(400);
    expect((await post('t=1,v1=abc')).statusCode).toBe(400);
    const signed = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect((await post(signed)).statusCode).toBe(200);
    expect((await post(signed)).statusCode).toBe(200); // delivered twice, handled once
    await runBillingJobs(server);
    expect((await p.client.get<{ status: string }>(`/api/billing/payments/${paymentId}`)).body.status).toBe(
      'succeeded',
    );
    expect(await balanceOf(server, account.id)).toBe(0);
  });
});
