import type { FastifyInstance } from 'fastify';
import type Stripe from 'stripe';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { inTenant } from '../../platform/db/database.js';
import { fromIntent, StripeGateway } from '../../platform/payments/stripe-gateway.js';
import { applyResult } from './payment-settlement.js';

const HANDLED = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.processing',
]);

/**
 * Stripe's webhook. The signature is checked over the raw body (so this route has its own
 * body parser), each event is handled once (gateway_events), and the payment it names is
 * settled the same way a reconciliation would settle it.
 */
export async function registerStripeWebhook(app: FastifyInstance, platform: Platform) {
  await app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scoped.post('/api/billing/stripe/webhook', async (request, reply) => {
      const secret = platform.config.stripeWebhookSecret;
      if (platform.config.paymentGateway !== 'stripe' || !secret)
        throw new AppError('not_found', 'Stripe is not configured');
      const signature = request.headers['stripe-signature'];
      let event: Stripe.Event;
      try {
        if (typeof signature !== 'string' || !Buffer.isBuffer(request.body)) throw new Error('unsigned');
        event = StripeGateway.verifyWebhook(request.body, signature, secret);
      } catch {
        throw new AppError('bad_request', 'The webhook signature is not valid');
      }
      const tenant = await platform.tenants.resolve(request.hostname);
      if (!HANDLED.has(event.type)) return reply.code(200).send({ received: true });
      const intent = event.data.object as Stripe.PaymentIntent;
      const paymentId = intent.metadata?.idempotency_key;
      const first = await inTenant(platform.db, tenant.id, async (tx) => {
        const inserted = await tx
          .insertInto('gateway_events')
          .values({ tenant_id: tenant.id, gateway: 'stripe', event_id: event.id })
          .onConflict((oc) => oc.doNothing())
          .returning('event_id')
          .executeTakeFirst();
        return Boolean(inserted);
      });
      if (first && paymentId && /^[0-9a-f-]{36}$/.test(paymentId)) {
        await applyResult(platform, tenant.id, paymentId, fromIntent(intent));
      }
      return reply.code(200).send({ received: true });
    });
  });
}
