import { describe, expect, it } from 'vitest';
import { contentSecurityDirectives } from './content-security.js';

const base = { cookieSecure: true, publicUrl: 'https://portal.example.org' };

describe('content security policy', () => {
  it('lets no third party in with the sandbox gateway', () => {
    const d = contentSecurityDirectives({ ...base, paymentGateway: 'sandbox' });
    expect(d.scriptSrc).toEqual(["'self'"]);
    expect(d.frameSrc).toEqual(["'self'"]);
    expect(d.connectSrc).toEqual(["'self'"]);
    expect(JSON.stringify(d)).not.toContain('stripe');
  });

  it('opens exactly Stripe.js, its frames and its API with the Stripe gateway', () => {
    const d = contentSecurityDirectives({ ...base, paymentGateway: 'stripe' });
    expect(d.scriptSrc).toEqual(["'self'", 'https://js.stripe.com']);
    expect(d.frameSrc).toEqual(["'self'", 'https://js.stripe.com']);
    expect(d.connectSrc).toEqual(["'self'", 'https://api.stripe.com']);
    // Nothing else moves: images, styles, forms and framing of our pages stay ours alone.
    expect(d.imgSrc).toEqual(["'self'", 'data:']);
    expect(d.formAction).toEqual(["'self'"]);
    expect(d.frameAncestors).toEqual(["'none'"]);
    expect(d.defaultSrc).toEqual(["'self'"]);
  });
});
