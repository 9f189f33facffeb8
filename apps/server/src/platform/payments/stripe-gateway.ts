import Stripe from 'stripe';
import {
  GatewayRejected,
  GatewayTimeout,
  type CardDetails,
  type ChargeRequest,
  type ChargeResult,
  type PaymentGateway,
  type RefundRequest,
} from './gateway.js';

export interface StripeOptions {
  secretKey: string;
  /** For tests against a local Stripe-compatible server; production uses Stripe's own. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  timeoutMs?: number;
}

/**
 * Stripe behind the gateway interface: one PaymentIntent per payment, created and
 * confirmed at once with the payment's idempotency key, so a retried create is replayed
 * by Stripe instead of charging again. The SDK's own retries are off: after a timeout we
 * ask Stripe what happened (findCharge) before anything else.
 */
export class StripeGateway implements PaymentGateway {
  readonly name = 'stripe' as const;
  private readonly stripe: Stripe;

  constructor(options: StripeOptions) {
    this.stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 0,
      timeout: options.timeoutMs ?? 20_000,
      telemetry: false,
      ...(options.host ? { host: options.host } : {}),
      ...(options.port ? { port: options.port } : {}),
      ...(options.protocol ? { protocol: options.protocol } : {}),
    });
  }

  private params(request: ChargeRequest): Stripe.PaymentIntentCreateParams {
    const { customer, paymentMethod } = parseToken(request.cardToken);
    return {
      amount: request.amountCents,
      currency: request.currency.toLowerCase(),
      payment_method: paymentMethod,
      ...(customer ? { customer } : {}),
      confirm: true,
      off_session: true,
      description: request.description,
      metadata: { idempotency_key: request.idempotencyKey, tenant: request.tenantId },
    };
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    try {
      const intent = await this.stripe.paymentIntents.create(this.params(request), {
        idempotencyKey: request.idempotencyKey,
      });
      return fromIntent(intent);
    } catch (error) {
      return fromError(error);
    }
  }

  async findCharge(request: ChargeRequest): Promise<ChargeResult | null> {
    try {
      const found = await this.stripe.paymentIntents.search({
        query: `metadata['idempotency_key']:'${request.idempotencyKey.replace(/'/g, '')}'`,
        limit: 1,
      });
      const intent = found.data[0];
      return intent ? fromIntent(intent) : null;
    } catch (error) {
      if (error instanceof Stripe.errors.StripeConnectionError) throw new GatewayTimeout();
      throw error;
    }
  }

  async refund(request: RefundRequest): Promise<{ ref: string }> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: request.chargeRef, amount: request.amountCents },
        { idempotencyKey: request.idempotencyKey },
      );
      return { ref: refund.id };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeConnectionError) throw new GatewayTimeout();
      if (error instanceof Stripe.errors.StripeError)
        throw new GatewayRejected(error.message, error.code ?? error.type);
      throw error;
    }
  }

  /**
   * Attaches the PaymentMethod to a new Customer, so it can be charged again off-session; the
   * kept token names both. The PaymentMethod id is the idempotency key: keeping the same card
   * twice (a retried request) makes one Customer.
   */
  async keepCard(tenantId: string, token: string): Promise<string> {
    const { customer, paymentMethod } = parseToken(token);
    if (customer) return token;
    try {
      const created = await this.stripe.customers.create(
        { payment_method: paymentMethod, metadata: { tenant: tenantId } },
        { idempotencyKey: `keep-card-${paymentMethod}` },
      );
      return `${created.id}/${paymentMethod}`;
    } catch (error) {
      if (error instanceof Stripe.errors.StripeConnectionError) throw new GatewayTimeout();
      if (error instanceof Stripe.errors.StripeError)
        throw new GatewayRejected(error.message, error.code ?? error.type);
      throw error;
    }
  }

  async describeCard(_tenantId: string, token: string): Promise<CardDetails | null> {
    try {
      const pm = await this.stripe.paymentMethods.retrieve(parseToken(token).paymentMethod);
      if (!pm.card) return null;
      return {
        brand: pm.card.brand,
        last4: pm.card.last4,
        expMonth: pm.card.exp_month,
        expYear: pm.card.exp_year,
      };
    } catch {
      return null;
    }
  }

  /** Checks a webhook's signature and returns the event; throws on a forged or stale one. */
  static verifyWebhook(payload: Buffer | string, signature: string, secret: string): Stripe.Event {
    return Stripe.webhooks.constructEvent(payload, signature, secret);
  }
}

/**
 * A token is a PaymentMethod id from the browser ("pm_…"), or one we kept with its Customer
 * ("cus_…/pm_…"). Browsers can only send the first form (the contract refuses a "/").
 */
function parseToken(token: string): { customer: string | null; paymentMethod: string } {
  const slash = token.indexOf('/');
  return slash < 0
    ? { customer: null, paymentMethod: token }
    : { customer: token.slice(0, slash), paymentMethod: token.slice(slash + 1) };
}

export function fromIntent(intent: Stripe.PaymentIntent): ChargeResult {
  if (intent.status === 'succeeded') return { status: 'succeeded', ref: intent.id, failureCode: null };
  if (intent.status === 'processing') return { status: 'processing', ref: intent.id, failureCode: null };
  if (intent.status === 'canceled' || intent.status === 'requires_payment_method') {
    return {
      status: 'failed',
      ref: intent.id,
      failureCode:
        intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? 'card_declined',
    };
  }
  // requires_action: the bank wants the card holder present, which an off-session charge cannot do.
  return { status: 'failed', ref: intent.id, failureCode: 'authentication_required' };
}

function fromError(error: unknown): ChargeResult {
  if (error instanceof Stripe.errors.StripeCardError) {
    const intent = (error.raw as { payment_intent?: { id?: string } }).payment_intent;
    return {
      status: 'failed',
      ref: intent?.id ?? null,
      failureCode: error.decline_code ?? error.code ?? 'card_declined',
    };
  }
  if (error instanceof Stripe.errors.StripeConnectionError) throw new GatewayTimeout();
  // A 5xx from Stripe means "may or may not have happened": reconcile, like a timeout.
  if (error instanceof Stripe.errors.StripeAPIError) throw new GatewayTimeout(error.message);
  if (error instanceof Stripe.errors.StripeError)
    throw new GatewayRejected(error.message, error.code ?? error.type);
  throw error;
}
