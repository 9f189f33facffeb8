import type { PaymentSettings } from '@accompany/contracts';
import { api } from '../../app/api/client';

/**
 * The few parts of Stripe.js we use, typed by hand: Stripe.js is a script Stripe serves
 * from js.stripe.com (its terms forbid bundling or self-hosting it), so no npm package
 * is needed for it.
 */
export interface StripeError {
  type: string;
  code?: string;
  decline_code?: string;
  message?: string;
}
export interface StripeCardElementChange {
  complete: boolean;
  empty: boolean;
  error?: StripeError;
}
export interface StripeCardElement {
  mount(node: HTMLElement): void;
  destroy(): void;
  focus(): void;
  on(event: 'change', handler: (e: StripeCardElementChange) => void): void;
}
export interface StripeClient {
  elements(options: { locale: string }): {
    create(type: 'card', options: Record<string, unknown>): StripeCardElement;
  };
  createPaymentMethod(request: {
    type: 'card';
    card: StripeCardElement;
  }): Promise<{ paymentMethod?: { id: string }; error?: StripeError }>;
}
type StripeFactory = (publishableKey: string) => StripeClient;

export const STRIPE_JS_URL = 'https://js.stripe.com/v3';

let gatewayConfig: Promise<PaymentSettings> | null = null;

/** Which gateway takes cards; asked once per page load (it changes only with a redeploy). */
export function paymentSettings(): Promise<PaymentSettings> {
  gatewayConfig ??= api.get<PaymentSettings>('/api/payments/config', { quiet: true }).catch((err) => {
    gatewayConfig = null; // a failed look-up is asked again next time
    throw err;
  });
  return gatewayConfig;
}

const clients = new Map<string, Promise<StripeClient>>();

/** Loads Stripe.js once and returns a client for the key. */
export function loadStripe(publishableKey: string): Promise<StripeClient> {
  let client = clients.get(publishableKey);
  if (!client) {
    client = scriptLoaded().then((factory) => factory(publishableKey));
    client.catch(() => clients.delete(publishableKey));
    clients.set(publishableKey, client);
  }
  return client;
}

function scriptLoaded(): Promise<StripeFactory> {
  const existing = (window as { Stripe?: StripeFactory }).Stripe;
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = STRIPE_JS_URL;
    script.async = true;
    script.onload = () => {
      const factory = (window as { Stripe?: StripeFactory }).Stripe;
      if (factory) resolve(factory);
      else reject(new Error('Stripe.js did not load'));
    };
    script.onerror = () => {
      script.remove();
      reject(new Error('Stripe.js did not load'));
    };
    document.head.appendChild(script);
  });
}
