import type { Platform } from '../platform.js';
import type { PaymentGateway } from './gateway.js';
import { SandboxGateway } from './sandbox-gateway.js';
import { StripeGateway } from './stripe-gateway.js';

const built = new WeakMap<Platform, { gateway: PaymentGateway; sandbox: SandboxGateway }>();

/**
 * The configured gateway (PAYMENT_GATEWAY), one per platform. The sandbox stays available
 * beside Stripe only for its tokenization page in development; payments go to the configured one.
 */
export function gatewaysOf(platform: Platform): { gateway: PaymentGateway; sandbox: SandboxGateway } {
  let pair = built.get(platform);
  if (!pair) {
    const sandbox = new SandboxGateway(platform.db, platform.jobs);
    const { config } = platform;
    let gateway: PaymentGateway = sandbox;
    if (config.paymentGateway === 'stripe') {
      const api = config.stripeApiUrl ? new URL(config.stripeApiUrl) : null;
      gateway = new StripeGateway({
        secretKey: config.stripeSecretKey!,
        ...(api
          ? {
              host: api.hostname,
              port: Number(api.port || (api.protocol === 'https:' ? 443 : 80)),
              protocol: api.protocol === 'http:' ? 'http' : 'https',
            }
          : {}),
      });
    }
    pair = { gateway, sandbox };
    built.set(platform, pair);
  }
  return pair;
}

export const gatewayOf = (platform: Platform) => gatewaysOf(platform).gateway;
