import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';

/**
 * A small Stripe look-alike for tests at the card-network border: the endpoints the
 * adapter uses, with Stripe's error shapes, idempotent-request replay (and its mismatch
 * error), test payment methods that decline, and one whose answer arrives too late.
 */
export interface FakeStripe {
  url: string;
  intents: Map<string, Record<string, unknown>>;
  creates: number;
  /** PaymentMethods created from card details (by Stripe.js in a browser). */
  paymentMethods: number;
  close(): Promise<void>;
}

type Outcome = 'ok' | 'declined' | 'insufficient_funds' | 'expired_card' | 'slow';
interface Card {
  outcome: Outcome;
  last4: string;
  brand?: string;
  expMonth?: number;
  expYear?: number;
  /** Made from card details (not one of Stripe's reusable test ids): chargeable once unless attached. */
  madeInBrowser?: boolean;
  /** Charged once already without a Customer: Stripe refuses to charge it again. */
  consumed?: boolean;
  customer?: string;
}

const testCards: Record<string, Card> = {
  pm_card_visa: { outcome: 'ok', last4: '4242' },
  pm_card_chargeDeclined: { outcome: 'declined', last4: '0002' },
  pm_card_chargeDeclinedInsufficientFunds: { outcome: 'insufficient_funds', last4: '9995' },
  pm_card_slow: { outcome: 'slow', last4: '0408' },
};

/** Stripe's test card numbers: what a PaymentMethod made from each does when charged. */
const outcomeOfNumber: Record<string, Outcome> = {
  '4242424242424242': 'ok',
  '5555555555554444': 'ok',
  '4000000000000002': 'declined',
  '4000000000009995': 'insufficient_funds',
  '4000000000000069': 'expired_card',
};

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * `publishableKey` enables what Stripe.js does with it in a browser: create a PaymentMethod
 * from card details (POST /v1/payment_methods, the key sent in the form body as Stripe.js does).
 */
export async function startFakeStripe(
  secretKey: string,
  slowMs = 1500,
  publishableKey?: string,
): Promise<FakeStripe> {
  const cards = new Map<string, Card>(Object.entries(testCards).map(([id, card]) => [id, { ...card }]));
  const intents = new Map<string, Record<string, unknown>>();
  const replay = new Map<string, { params: string; status: number; body: unknown }>();
  const state = { creates: 0, paymentMethods: 0 };
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'request-id': `req_${randomBytes(6).toString('hex')}`,
      });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, e: Record<string, unknown>) => send(status, { error: e });
    const url = new URL(req.url ?? '/', 'http://x');
    const params = await body(req);
    if (req.method === 'POST' && url.pathname === '/v1/payment_methods' && publishableKey) {
      if (params.get('key') !== publishableKey && req.headers.authorization !== `Bearer ${publishableKey}`)
        return error(401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
      return createPaymentMethod(params);
    }
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      const usedPublishable = publishableKey && req.headers.authorization === `Bearer ${publishableKey}`;
      return error(401, {
        type: 'invalid_request_error',
        message: usedPublishable
          ? 'This API call cannot be made with a publishable API key. Please use a secret API key.'
          : 'Invalid API Key provided',
      });
    }
    if (req.method === 'POST' && url.pathname === '/v1/payment_intents') {
      const key = String(req.headers['idempotency-key'] ?? '');
      const canonical = [...params]
        .sort()
        .map(([k, v]) => `${k}=${v}`)
        .join('&');
      const seen = replay.get(key);
      if (seen) {
        if (seen.params !== canonical) {
          return error(400, {
            type: 'idempotency_error',
            message:
              'Keys for idempotent requests can only be used with the same parameters they were first used with.',
          });
        }
        return send(seen.status, seen.body);
      }
      state.creates++;
      const pm = params.get('payment_method') ?? '';
      const card = cards.get(pm);
      if (!card)
        return error(400, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such PaymentMethod: '${pm}'`,
          param: 'payment_method',
        });
      const customer = params.get('customer');
      if (card.customer && customer !== card.customer)
        return error(400, {
          type: 'invalid_request_error',
          message:
            'The provided PaymentMethod belongs to a Customer; include the Customer in the customer parameter on the PaymentIntent.',
          param: 'customer',
        });
      if (card.consumed)
        return error(400, {
          type: 'invalid_request_error',
          message:
            'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.',
          param: 'payment_method',
        });
      const metadata: Record<string, string> = {};
      for (const [k, v] of params) {
        const m = /^metadata\[(.+)\]$/.exec(k);
        if (m) metadata[m[1]!] = v;
      }
      const intent: Record<string, unknown> = {
        id: `pi_${randomBytes(12).toString('hex')}`,
        object: 'payment_intent',
        amount: Number(params.get('amount')),
        currency: params.get('currency'),
        metadata,
        status: 'succeeded',
        last_payment_error: null,
      };
      let status = 200;
      let payload: unknown = intent;
      if (card.outcome !== 'ok' && card.outcome !== 'slow') {
        // Stripe's shapes: a declined card is code card_declined with a decline_code; an
        // expired one is its own code, expired_card.
        const expired = card.outcome === 'expired_card';
        const code = expired ? 'expired_card' : 'card_declined';
        const declineCode = card.outcome === 'declined' ? 'generic_decline' : card.outcome;
        const message = expired
          ? 'Your card has expired.'
          : card.outcome === 'insufficient_funds'
            ? 'Your card has insufficient funds.'
            : 'Your card was declined.';
        intent.status = 'requires_payment_method';
        intent.last_payment_error = { type: 'card_error', code, decline_code: declineCode, message };
        status = 402;
        payload = {
          error: {
            type: 'card_error',
            code,
            decline_code: declineCode,
            message,
            payment_intent: intent,
          },
        };
      }
      intents.set(String(intent.id), intent);
      if (card.madeInBrowser && !card.customer && intent.status === 'succeeded') card.consumed = true;
      replay.set(key, { params: canonical, status, body: payload });
      if (card.outcome === 'slow') {
        // Charged, but the answer comes after the client stopped waiting.
        await new Promise((r) => setTimeout(r, slowMs));
      }
      return send(status, payload);
    }
    if (req.method === 'GET' && url.pathname === '/v1/payment_intents/search') {
      const m = /metadata\['idempotency_key'\]:'([^']+)'/.exec(url.searchParams.get('query') ?? '');
      const data = [...intents.values()].filter(
        (i) => m && (i.metadata as Record<string, string>).idempotency_key === m[1],
      );
      return send(200, { object: 'search_result', data, has_more: false, url: '/v1/payment_intents/search' });
    }
    if (req.method === 'GET' && url.pathname.startsWith('/v1/payment_methods/')) {
      const id = url.pathname.split('/').pop()!;
      const card = cards.get(id);
      if (!card)
        return error(404, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such PaymentMethod: '${id}'`,
        });
      return send(200, {
        id,
        object: 'payment_method',
        type: 'card',
        card: {
          brand: card.brand ?? 'visa',
          last4: card.last4,
          exp_month: card.expMonth ?? 12,
          exp_year: card.expYear ?? 2034,
        },
      });
    }
    if (req.method === 'POST' && url.pathname === '/v1/customers') {
      const key = `customers:${String(req.headers['idempotency-key'] ?? randomBytes(8).toString('hex'))}`;
      const seen = replay.get(key);
      if (seen) return send(seen.status, seen.body);
      const pm = params.get('payment_method');
      const card = pm ? cards.get(pm) : undefined;
      if (pm && (!card || card.consumed))
        return error(400, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: card ? 'This PaymentMethod may not be attached again.' : `No such PaymentMethod: '${pm}'`,
          param: 'payment_method',
        });
      const customer = { id: `cus_${randomBytes(8).toString('hex')}`, object: 'customer' };
      // Stripe's test ids (pm_card_visa…) stand for a fresh card at every use: nothing to attach.
      if (card?.madeInBrowser) card.customer = customer.id;
      replay.set(key, { params: '', status: 200, body: customer });
      return send(200, customer);
    }
    if (req.method === 'POST' && url.pathname === '/v1/refunds') {
      const intent = intents.get(params.get('payment_intent') ?? '');
      if (!intent)
        return error(400, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: 'No such payment_intent',
        });
      return send(200, {
        id: `re_${randomBytes(8).toString('hex')}`,
        object: 'refund',
        amount: Number(params.get('amount')),
        status: 'succeeded',
      });
    }
    return error(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${req.method}: ${url.pathname})`,
    });

    function createPaymentMethod(p: URLSearchParams) {
      const number = (p.get('card[number]') ?? '').replace(/\s+/g, '');
      const expMonth = Number(p.get('card[exp_month]'));
      const expYear = Number(p.get('card[exp_year]'));
      if (p.get('type') !== 'card')
        return error(400, { type: 'invalid_request_error', message: 'Invalid type', param: 'type' });
      if (!/^\d{12,19}$/.test(number))
        return error(402, {
          type: 'card_error',
          code: 'incorrect_number',
          message: 'Your card number is incorrect.',
          param: 'card[number]',
        });
      if (!(expMonth >= 1 && expMonth <= 12) || !(expYear >= 2000))
        return error(402, {
          type: 'card_error',
          code: 'invalid_expiry_month',
          message: "Your card's expiration month is invalid.",
          param: 'card[exp_month]',
        });
      const id = `pm_${randomBytes(12).toString('hex')}`;
      const card: Card = {
        outcome: outcomeOfNumber[number] ?? 'ok',
        last4: number.slice(-4),
        brand: number.startsWith('4') ? 'visa' : number.startsWith('5') ? 'mastercard' : 'unknown',
        expMonth,
        expYear,
        madeInBrowser: true,
      };
      cards.set(id, card);
      state.paymentMethods++;
      return send(200, {
        id,
        object: 'payment_method',
        type: 'card',
        card: { brand: card.brand, last4: card.last4, exp_month: expMonth, exp_year: expYear },
      });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    intents,
    get creates() {
      return state.creates;
    },
    get paymentMethods() {
      return state.paymentMethods;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
