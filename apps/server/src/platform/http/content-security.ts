import type { Config } from '../../config.js';

/** Where Stripe.js lives, and where it sends the card: Stripe's own servers, never ours. */
export const STRIPE_JS_ORIGIN = 'https://js.stripe.com';
export const STRIPE_API_ORIGIN = 'https://api.stripe.com';

/**
 * The Content-Security-Policy of every response. It opens to Stripe only when Stripe is the
 * configured gateway: with the sandbox no page may load or talk to a third party at all.
 */
export function contentSecurityDirectives(
  config: Pick<Config, 'paymentGateway' | 'cookieSecure' | 'publicUrl'>,
) {
  const stripe = config.paymentGateway === 'stripe';
  return {
    defaultSrc: ["'self'"],
    // Stripe.js must be loaded from js.stripe.com (never bundled or self-hosted, by Stripe's rules);
    // its card field is an iframe of js.stripe.com and it creates payment methods at api.stripe.com.
    scriptSrc: ["'self'", ...(stripe ? [STRIPE_JS_ORIGIN] : [])],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'", ...(stripe ? [STRIPE_API_ORIGIN] : [])],
    frameSrc: ["'self'", ...(stripe ? [STRIPE_JS_ORIGIN] : [])],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    upgradeInsecureRequests: config.cookieSecure && config.publicUrl.startsWith('https') ? [] : null,
  };
}
