import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Payment } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { TextField } from '../../app/ui/field';
import { FormAlert, Notice, problemText } from '../../app/ui/feedback';
import { toApiError } from '../../app/api/client';
import { waitForPayment } from './api';
import { centsToInput, formatMoney, parseAmount } from './money';
import { useCardEntry } from './card-entry';

interface Props {
  amountDueCents: number;
  currency: string;
  /** Sends the payment request; the key is the same for retries of this attempt. */
  pay: (cardToken: string, amountCents: number, idempotencyKey: string) => Promise<Payment>;
  read: (paymentId: string) => Promise<Payment>;
  onSettled?: (payment: Payment) => void;
}

const newKey = () => crypto.randomUUID();

/** Amount and card, then the receipt. The card is tokenized by the gateway before anything reaches us. */
export function PayForm({ amountDueCents, currency, pay, read, onSettled }: Props) {
  const { t, locale, formatDate } = useI18n();
  const [amount, setAmount] = useState(centsToInput(amountDueCents));
  const card = useCardEntry();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [amountError, setAmountError] = useState<string | null>(null);
  const [result, setResult] = useState<Payment | null>(null);
  // One key per attempt: a double tap or a retry after a network error charges once.
  const [key, setKey] = useState(newKey);
  // The token sent under the key: a retry of the attempt resends it, so the server sees the
  // same request and replays it instead of refusing a key reused for a "different" payment.
  const sent = useRef<{ key: string; token: string; cents: number } | null>(null);
  useEffect(() => {
    // The card was edited: a new card is a new attempt.
    if (sent.current) {
      sent.current = null;
      setKey(newKey());
    }
  }, [card.version]);
  const cents = parseAmount(amount);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (cents === null || (!card.allowCredit && cents > amountDueCents)) {
      setAmountError(
        card.allowCredit
          ? t('pay.amountInvalidCredit')
          : t('pay.amountInvalid', { max: centsToInput(amountDueCents) }),
      );
      return;
    }
    setAmountError(null);
    setBusy(true);
    try {
      let attemptKey = key;
      let token: string;
      if (sent.current?.key === key && sent.current.cents === cents) {
        token = sent.current.token;
      } else {
        // Another amount is another payment: it gets its own key.
        if (sent.current) {
          attemptKey = newKey();
          setKey(attemptKey);
        }
        token = await card.tokenize();
      }
      sent.current = { key: attemptKey, token, cents };
      const first = await pay(token, cents, attemptKey);
      const settled = await waitForPayment(() => read(first.id));
      setResult(settled);
      if (settled.status === 'failed') {
        sent.current = null;
        setKey(newKey());
      }
      onSettled?.(settled);
    } catch (err) {
      setError(problemText(toApiError(err), t));
    } finally {
      setBusy(false);
    }
  }

  if (result?.status === 'succeeded') {
    return (
      <section aria-labelledby="receipt-heading" className="card">
        <h2 id="receipt-heading">{t('pay.receipt')}</h2>
        <p role="status">
          {t('pay.receiptBody', {
            amount: formatMoney(result.amountCents, result.currency, locale),
            last4: result.cardLast4 ?? '····',
            date: formatDate(result.settledAt ?? result.createdAt),
            code: result.id.slice(0, 8).toUpperCase(),
          })}
        </p>
      </section>
    );
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="pay-heading" className="stack">
      <h2 id="pay-heading">{t('pay.title')}</h2>
      <div role="alert" aria-atomic="true">
        {result?.status === 'failed' && (
          <Notice tone="warning">
            <p>{t('pay.failed', { reason: failureText(t, result.failureCode) })}</p>
          </Notice>
        )}
      </div>
      {result && result.status !== 'failed' && (
        <Notice tone="info">
          <p>{t('pay.checking')}</p>
        </Notice>
      )}
      <FormAlert message={error} />
      <TextField
        name="amount"
        label={t('pay.amount', { currency })}
        hint={card.allowCredit ? t('pay.amountHintCredit') : t('pay.amountHint')}
        inputMode="decimal"
        value={amount}
        onChange={setAmount}
        error={amountError}
      />
      {card.fields}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy
          ? t('pay.busy')
          : t('pay.submit', { amount: cents ? formatMoney(cents, currency, locale) : '' })}
      </button>
    </form>
  );
}

export function failureText(t: ReturnType<typeof useI18n>['t'], code: string | null): string {
  switch (code) {
    case 'card_declined':
    case 'insufficient_funds':
    case 'expired_card':
    case 'processing_error':
      return t(`pay.failure.${code}`);
    default:
      return t('pay.failure.card_declined');
  }
}
