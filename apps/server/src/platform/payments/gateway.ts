import type { Tx } from '../db/database.js';

/**
 * The payment-gateway border. Card numbers never cross it towards us: the browser gives
 * the card to the gateway and sends us only the token it got back.
 */
export interface ChargeRequest {
  tenantId: string;
  /** Stable for one payment: the gateway charges a key at most once. */
  idempotencyKey: string;
  amountCents: number;
  currency: string;
  cardToken: string;
  description: string;
}

export type ChargeStatus = 'succeeded' | 'failed' | 'processing';

export interface ChargeResult {
  status: ChargeStatus;
  /** The gateway's id of the charge (a PaymentIntent id on Stripe). */
  ref: string | null;
  /** card_declined, insufficient_funds, expired_card, processing_error … */
  failureCode: string | null;
}

export interface CardDetails {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface RefundRequest {
  tenantId: string;
  idempotencyKey: string;
  chargeRef: string;
  amountCents: number;
}

export interface PaymentGateway {
  readonly name: 'sandbox' | 'stripe';
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /**
   * What the gateway knows of the charge made under this request's idempotency key, or
   * null when it never received it. Used after a timeout: the answer is asked, never guessed.
   */
  findCharge(request: ChargeRequest): Promise<ChargeResult | null>;
  refund(request: RefundRequest): Promise<{ ref: string }>;
  /**
   * What a token stands for (to show "Visa ending 4242"), or null for an unknown token.
   * `tx` is the caller's open transaction: the sandbox reads its token table through it
   * rather than opening a second connection while the caller holds one.
   */
  describeCard(tenantId: string, token: string, tx?: Tx): Promise<CardDetails | null>;
  /**
   * Makes a card token fit for later charges without the card holder (a plan, autopay) and
   * returns the token to keep. Sandbox tokens already are; a Stripe PaymentMethod made in the
   * browser can be charged once unless it is attached to a Customer.
   */
  keepCard(tenantId: string, token: string): Promise<string>;
}

/** The gateway did not answer in time: the charge may or may not have happened. */
export class GatewayTimeout extends Error {
  constructor(message = 'The payment gateway did not answer in time') {
    super(message);
    this.name = 'GatewayTimeout';
  }
}

/** The gateway refused the request itself (bad token, wrong parameters): not a card outcome. */
export class GatewayRejected extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'GatewayRejected';
  }
}
