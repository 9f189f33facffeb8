import { describe, expect, it } from 'vitest';
import { renderMail } from '../../platform/notify/templates.js';
import { loadConfig, ConfigError } from '../../config.js';
import { formatDay, formatMoney } from './notices.js';

const billingTemplates = [
  'payment_receipt',
  'payment_failed',
  'statement_ready',
  'plan_installment_notice',
  'autopay_notice',
] as const;

describe('billing notices', () => {
  it.each(billingTemplates)('%s renders in English and Spanish with the amount, date and link', (name) => {
    const data = {
      givenName: 'Ana',
      organization: 'Riverside',
      amount: '$45.00',
      date: 'March 3, 2027',
      code: 'ABCD2345',
      last4: '4242',
      link: 'https://portal.example/bills',
    };
    const en = renderMail(name, 'en', data);
    const es = renderMail(name, 'es', data);
    expect(en.subject).not.toBe(es.subject);
    expect(en.text).toContain('$45.00');
    expect(es.text).toContain('$45.00');
    expect(es.html).toContain('lang="es"');
    expect(en.text).toContain('https://portal.example/bills');
  });

  it('formats money and days for each language without changing the cents', () => {
    expect(formatMoney(123456, 'USD', 'en')).toBe('$1,234.56');
    expect(formatMoney(5, 'USD', 'es')).toMatch(/0[.,]05/);
    expect(formatDay('2027-02-28', 'en')).toBe('February 28, 2027');
    expect(formatDay('2027-02-28', 'es')).toMatch(/28 de febrero de 2027/);
  });
});

describe('gateway configuration', () => {
  const base = { NODE_ENV: 'test', APP_SECRET: 'x'.repeat(40), DATA_DIR: '/nonexistent' };
  it('uses the sandbox by default and needs both Stripe secrets for Stripe', () => {
    expect(loadConfig(base).paymentGateway).toBe('sandbox');
    expect(() => loadConfig({ ...base, PAYMENT_GATEWAY: 'stripe' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, PAYMENT_GATEWAY: 'paypal' })).toThrow(/sandbox or stripe/);
    expect(() => loadConfig({ ...base, STRIPE_SECRET_KEY: 'pk_test_abc' })).toThrow(/secret key/);
    const stripe = loadConfig({
      ...base,
      PAYMENT_GATEWAY: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_abc',
    });
    expect(stripe).toMatchObject({
      paymentGateway: 'stripe',
      stripeSecretKey: 'sk_test_abc',
      stripeWebhookSecret: 'whsec_abc',
      stripePublishableKey: 'pk_test_abc',
    });
  });

  it('fails fast when Stripe is chosen without a publishable key, or with keys of two modes', () => {
    const stripe = {
      ...base,
      PAYMENT_GATEWAY: 'stripe',
      STRIPE_SECRET_KEY: 'sk_test_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
    };
    expect(() => loadConfig(stripe)).toThrow(/needs STRIPE_PUBLISHABLE_KEY/);
    expect(() => loadConfig({ ...stripe, STRIPE_PUBLISHABLE_KEY: 'sk_test_abc' })).toThrow(/publishable key/);
    expect(() => loadConfig({ ...stripe, STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' })).toThrow(
      /both test or both live/,
    );
    // The sandbox never hands a Stripe key to browsers, even when one is set.
    expect(
      loadConfig({ ...base, STRIPE_PUBLISHABLE_KEY: 'pk_test_abc' }).stripePublishableKey,
    ).toBeUndefined();
  });
});
