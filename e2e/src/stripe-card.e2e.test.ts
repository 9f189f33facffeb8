import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { startServer, type RunningServer } from './server.js';
import { AxeLog, signIn } from './pages.js';
import { serveFakeStripeJs } from './fake-stripe-js.js';

/**
 * Card entry with PAYMENT_GATEWAY=stripe: the page loads Stripe.js (a stand-in served in
 * its place), the card is typed into Stripe's frame and becomes a PaymentMethod at
 * "Stripe"; the server charges it as a PaymentIntent at the fake Stripe API the Stripe
 * integration tests use. A decline charges nothing; a good card pays; and no request to
 * our server ever carries a card number.
 */
interface FakeStripe {
  url: string;
  creates: number;
  paymentMethods: number;
  intents: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}
// Loaded by path: the fake Stripe API lives with the server's tests, outside this project's sources.
const fakeStripeModule = resolve(import.meta.dirname, '../../apps/server/test/fake-stripe.ts');
const SECRET = 'sk_test_accompanye2e0123456789';
const PUBLISHABLE = 'pk_test_accompanye2e0123456789';
const CARDS = [
  '4242424242424242',
  '4000000000000002',
  '4000000000009995',
  '4000000000000069',
  '5555555555554444',
];

let fake: FakeStripe;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let patient: Page;
const sentToUs: string[] = [];
const axe = new AxeLog();

beforeAll(async () => {
  const { startFakeStripe } = (await import(fakeStripeModule)) as {
    startFakeStripe: (secret: string, slowMs: number, publishable: string) => Promise<FakeStripe>;
  };
  fake = await startFakeStripe(SECRET, 1500, PUBLISHABLE);
  server = await startServer({
    PAYMENT_GATEWAY: 'stripe',
    STRIPE_SECRET_KEY: SECRET,
    STRIPE_WEBHOOK_SECRET: 'whsec_accompanye2e0123',
    STRIPE_PUBLISHABLE_KEY: PUBLISHABLE,
    STRIPE_API_URL: fake.url,
  });
  browser = await launchBrowser();
  context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: 'en-US',
    // Requests must reach the routes below, not the app's service worker.
    serviceWorkers: 'block',
  });
  await serveFakeStripeJs(context, fake.url);
  context.on('request', (request) => {
    if (request.url().startsWith(server.url))
      sentToUs.push(`${request.method()} ${request.url()} ${request.postData() ?? ''}`);
  });
  patient = await context.newPage();
  patient.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

const cardFrame = (page: Page): FrameLocator =>
  page.frameLocator('iframe[title="Secure card payment input frame"]');

async function typeCard(
  page: Page,
  number: string,
  labels = { number: 'Card number', exp: 'Expiration date' },
) {
  const frame = cardFrame(page);
  await frame.getByLabel(labels.number).fill(number);
  await frame.getByLabel(labels.exp).fill('12 / 34');
  await frame.getByLabel('CVC').fill('123');
}

const balance = () =>
  patient.evaluate(
    async () =>
      ((await (await fetch('/api/billing/summary')).json()) as { balanceCents: number }).balanceCents,
  );

describe('paying by card through Stripe.js', () => {
  it('serves a Content-Security-Policy that lets Stripe.js in', async () => {
    const csp = (await fetch(`${server.url}/`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' https:\/\/js\.stripe\.com/);
    expect(csp).toMatch(/frame-src 'self' https:\/\/js\.stripe\.com/);
    expect(csp).toMatch(/connect-src 'self' https:\/\/api\.stripe\.com/);
  });

  it('a declined card charges nothing and says so; a good card pays and shows the receipt', async () => {
    const email = /first patients: (.+)/.exec(server.output())?.[1]?.split(', ')[0] ?? '';
    await patient.goto('/sign-in');
    await signIn(patient, email);
    await patient.waitForURL('**/home');
    await patient.goto('/bills');
    await patient
      .getByRole('link', { name: /^Statement of/ })
      .first()
      .click();
    await patient.getByLabel('Amount to pay (in USD)').fill('5.00');
    await cardFrame(patient).getByLabel('Card number').waitFor();
    await axe.scan(patient, 'statement with the Stripe card field');
    const before = await balance();
    expect(before).toBeGreaterThan(500);

    // Stripe's test cards that fail when charged: each says why, and nothing is charged.
    for (const [number, reason] of [
      ['4000 0000 0000 0002', 'the card was declined'],
      ['4000 0000 0000 9995', 'not enough funds'],
      ['4000 0000 0000 0069', 'the card has expired'],
    ] as const) {
      await typeCard(patient, number);
      await patient.getByRole('button', { name: /^Pay \$5\.00/ }).click();
      await expect.poll(() => patient.getByRole('alert').filter({ hasText: reason }).count()).toBe(1);
      await expect.poll(() => patient.getByText('Nothing was charged').count()).toBe(1);
      expect(await balance()).toBe(before);
    }

    // The first answer is lost on the way back (the server did take the payment): the retry
    // sends the same key and PaymentMethod, and is answered with the same payment.
    let dropped = 0;
    await patient.route('**/api/billing/payments', async (route) => {
      if (route.request().method() !== 'POST' || dropped > 0) return route.fallback();
      dropped++;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await typeCard(patient, '4242 4242 4242 4242');
    await patient.getByRole('button', { name: /^Pay \$5\.00/ }).click();
    await expect
      .poll(() =>
        patient
          .getByRole('alert')
          .filter({ hasText: /connection|network/i })
          .count(),
      )
      .toBe(1);
    expect(dropped).toBe(1);
    // The button sits below the fold now: bring it into view first, as a thumb would.
    const payButton = patient.getByRole('button', { name: /^Pay \$5\.00/ });
    await payButton.scrollIntoViewIfNeeded();
    await payButton.click();
    await patient.getByRole('heading', { name: 'Receipt' }).waitFor();
    await patient.unroute('**/api/billing/payments');
    await expect.poll(() => patient.getByText(/Paid \$5\.00 with the card ending 4242/).count()).toBe(1);
    expect(await balance()).toBe(before - 500);
    // Every card became a PaymentMethod at Stripe, the good one once although sent twice;
    // it was charged once.
    expect(fake.paymentMethods).toBe(4);
    const charged = [...fake.intents.values()].filter((i) => i.status === 'succeeded');
    expect(charged.map((i) => i.amount)).toEqual([500]);
  });

  it('turns on autopay with a card entered through Stripe.js', async () => {
    await patient.goto('/bills/autopay');
    await typeCard(patient, '5555 5555 5555 4444');
    await patient.getByRole('button', { name: 'Turn on autopay' }).click();
    await patient.waitForURL('**/bills');
    await patient.getByText(/On, with the card ending 4444/).waitFor();
    expect(fake.paymentMethods).toBe(5);
  });

  it('shows the card field and its errors in Spanish', async () => {
    await patient.goto('/bills');
    await patient.getByRole('button', { name: 'Español' }).click();
    await patient
      .getByRole('link', { name: /^Estado de cuenta del/ })
      .first()
      .click();
    await cardFrame(patient).getByLabel('Número de tarjeta').fill('4242 4242 4242 4241');
    await expect
      .poll(() =>
        patient.getByRole('alert').filter({ hasText: 'El número de tu tarjeta no es válido.' }).count(),
      )
      .toBe(1);
    await patient.getByRole('button', { name: /^Pagar/ }).click();
    // Nothing went to our server for a card Stripe refused to read.
    await expect
      .poll(() => patient.getByRole('alert').filter({ hasText: 'no es válido' }).count())
      .toBeGreaterThan(0);
    await patient.getByRole('button', { name: 'English' }).click();
  });

  it('never sent a card number to our server', () => {
    expect(sentToUs.length).toBeGreaterThan(10);
    const leaked = sentToUs.filter((line) => {
      const digits = line.replace(/[\s-]|%20/g, '');
      return CARDS.some((card) => digits.includes(card)) || digits.includes('4242424242424241');
    });
    expect(leaked).toEqual([]);
    expect(sentToUs.some((line) => /POST \S+\/api\/billing\/payments .*"cardToken":"pm_/.test(line))).toBe(
      true,
    );
  });

  it('has no serious or critical accessibility findings', () => {
    expect(axe.failing()).toEqual([]);
  });
});
