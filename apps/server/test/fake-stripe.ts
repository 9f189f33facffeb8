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
  close(): Promise<void>;
}

const cards: Record<string, { outcome: 'ok' | 'declined' | 'insufficient_funds' | 'slow'; last4: string }> = {
  pm_card_visa: { outcome: 'ok', last4: '4242' },
  pm_card_chargeDeclined: { outcome: 'declined', last4: '0002' },
  pm_card_chargeDeclinedInsufficientFunds: { outcome: 'insufficient_funds', last4: '9995' },
  pm_card_slow: { outcome: 'slow', last4: '0408' },
};

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startFakeStripe(secretKey: string, slowMs = 1500): Promise<FakeStripe> {
  const intents = new Map<string, Record<string, unknown>>();
  const replay = new Map<string, { params: string; status: number; body: unknown }>();
  const state = { creates: 0 };
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'request-id': `req_${randomBytes(6).toString('hex')}`,
      });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, e: Record<string, unknown>) => send(status, { error: e });
    if (req.headers.authorization !== `Bearer ${secretKey}`) {
      return error(401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const params = await body(req);
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
      const card = cards[pm];
      if (!card)
        return error(400, {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No such PaymentMethod: '${pm}'`,
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
      if (card.outcome === 'declined' || card.outcome === 'insufficient_funds') {
        const code = card.outcome === 'declined' ? 'generic_decline' : 'insufficient_funds';
        intent.status = 'requires_payment_method';
        intent.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: code };
        status = 402;
        payload = {
          error: {
            type: 'card_error',
            code: 'card_declined',
            decline_code: code,
            message: 'Your card was declined.',
            payment_intent: intent,
          },
        };
      }
      intents.set(String(intent.id), intent);
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
      const card = cards[id];
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
        card: { brand: 'visa', last4: card.last4, exp_month: 12, exp_year: 2034 },
      });
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
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    intents,
    get creates() {
      return state.creates;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
