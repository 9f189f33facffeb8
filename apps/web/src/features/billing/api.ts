import type { Payment } from '@accompany/contracts';
import { api, ApiError } from '../../app/api/client';
import { isProblem } from '../../app/api/problem';

export interface CardInput {
  number: string;
  expMonth: string;
  expYear: string;
  cvc: string;
}

/**
 * Gives the card to the payment gateway's own tokenization endpoint and returns its token.
 * The number never goes to /api: only the token does.
 */
export async function tokenizeCard(card: CardInput): Promise<string> {
  const res = await fetch('/sandbox-gateway/v1/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      number: card.number.replace(/\s+/g, ''),
      expMonth: Number(card.expMonth),
      expYear: Number(card.expYear),
      cvc: card.cvc,
    }),
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiError(
      isProblem(data)
        ? data
        : { type: 'about:blank', title: 'Card', status: res.status, code: 'bad_request' },
    );
  }
  return (data as { token: string }).token;
}

/** A payment request with its idempotency key: a retry of the same attempt reuses the key. */
export async function postPayment(path: string, body: unknown, idempotencyKey: string): Promise<Payment> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'idempotency-key': idempotencyKey,
      'x-csrf-token': await csrf(),
    },
    body: JSON.stringify(body),
  });
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(
      isProblem(data)
        ? data
        : { type: 'about:blank', title: 'Error', status: res.status, code: `http_${res.status}` },
    );
  return data as Payment;
}

async function csrf(): Promise<string> {
  const s = await api.get<{ csrfToken: string }>('/api/session', { quiet: true });
  return s.csrfToken;
}

const FINAL = new Set(['succeeded', 'failed', 'refunded']);

/** Polls a payment until the gateway's answer is in (or gives up and says "checking"). */
export async function waitForPayment(read: () => Promise<Payment>, tries = 30): Promise<Payment> {
  let last = await read();
  for (let i = 0; i < tries && !FINAL.has(last.status); i++) {
    await new Promise((r) => setTimeout(r, 500));
    last = await read();
  }
  return last;
}
