import { PaymentGatewayConfig } from '@accompany/contracts';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';

/**
 * Public: the pay-by-link page takes a card without anyone signed in. It names the gateway
 * and Stripe's publishable key, which is made to be public; nothing else.
 */
export const paymentConfigRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/payments/config',
    summary: 'Which payment gateway takes cards in the browser, and its publishable key',
    tags: ['billing'],
    access: 'public',
    response: PaymentGatewayConfig,
    handler: async (_input, ctx) => {
      ctx.reply.header('cache-control', 'no-cache');
      return {
        gateway: ctx.platform.config.paymentGateway,
        publishableKey: ctx.platform.config.stripePublishableKey ?? null,
      };
    },
  }),
];
