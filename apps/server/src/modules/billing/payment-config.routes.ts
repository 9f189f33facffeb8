import { PaymentSettings } from '@accompany/contracts';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { billingPolicy } from './policy.js';

/**
 * Public: the pay-by-link page takes a card without anyone signed in. It names the gateway,
 * Stripe's publishable key (made to be public) and whether over-payments are kept as credit.
 */
export const paymentConfigRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/payments/config',
    summary: 'Which gateway takes cards in the browser, its publishable key, and the credit policy',
    tags: ['billing'],
    access: 'public',
    response: PaymentSettings,
    handler: async (_input, ctx) => {
      ctx.reply.header('cache-control', 'no-cache');
      return {
        gateway: ctx.platform.config.paymentGateway,
        publishableKey: ctx.platform.config.stripePublishableKey ?? null,
        allowCredit: (await billingPolicy(ctx.scope.tx)).allowCredit,
      };
    },
  }),
];
