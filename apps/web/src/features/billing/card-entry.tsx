import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { PaymentSettings } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { ApiError, toApiError } from '../../app/api/client';
import { ErrorNotice, Loading } from '../../app/ui/feedback';
import { tokenizeCard } from './api';
import { CardFields, emptyCard } from './card-fields';
import { loadStripe, paymentSettings, type StripeCardElement, type StripeClient } from './stripe-js';

export interface CardEntry {
  /** The card fields, to render inside the form. */
  fields: ReactNode;
  /** Gives the card to the gateway and returns its token (a PaymentMethod id on Stripe). */
  tokenize(): Promise<string>;
  /** Changes whenever the person edits the card: a token made before is then stale. */
  version: number;
  /** The organization keeps over-payments as a credit, so more than the balance may be paid. */
  allowCredit: boolean;
}

interface StripeHandle {
  tokenize(): Promise<string>;
}

/**
 * The card entry of the configured gateway. With the sandbox, our own fields post the card
 * to the sandbox's tokenization endpoint; with Stripe, Stripe.js draws the card field in its
 * own frame and makes the PaymentMethod. Either way /api only ever receives the token.
 */
export function useCardEntry(): CardEntry {
  const { t } = useI18n();
  const [config, setConfig] = useState<PaymentSettings | null>(null);
  const [configError, setConfigError] = useState<ApiError | null>(null);
  const [nonce, setNonce] = useState(0);
  const [card, setCard] = useState(emptyCard);
  const [version, setVersion] = useState(0);
  const stripe = useRef<StripeHandle | null>(null);

  useEffect(() => {
    let live = true;
    setConfigError(null);
    paymentSettings().then(
      (c) => live && setConfig(c),
      (err: unknown) => live && setConfigError(toApiError(err)),
    );
    return () => {
      live = false;
    };
  }, [nonce]);

  const notReady = () => Promise.reject(cardProblem(t('pay.cardLoading')));
  if (!config) {
    return {
      fields: configError ? (
        <ErrorNotice error={configError} onRetry={() => setNonce((n) => n + 1)} />
      ) : (
        <Loading />
      ),
      tokenize: notReady,
      version,
      allowCredit: false,
    };
  }
  if (config.gateway === 'stripe' && config.publishableKey) {
    return {
      fields: (
        <StripeCardField
          publishableKey={config.publishableKey}
          handle={stripe}
          onEdit={() => setVersion((v) => v + 1)}
        />
      ),
      tokenize: () => (stripe.current ? stripe.current.tokenize() : notReady()),
      version,
      allowCredit: config.allowCredit,
    };
  }
  return {
    fields: (
      <CardFields
        card={card}
        onChange={(c) => {
          setCard(c);
          setVersion((v) => v + 1);
        }}
      />
    ),
    tokenize: () => tokenizeCard(card),
    version,
    allowCredit: config.allowCredit,
  };
}

/** A card problem in the shape the forms already show (the message is the gateway's, in the page's language). */
function cardProblem(message: string, code = 'card_error'): ApiError {
  return new ApiError({ type: 'about:blank', title: message, detail: message, status: 400, code });
}

function StripeCardField({
  publishableKey,
  handle,
  onEdit,
}: {
  publishableKey: string;
  handle: { current: StripeHandle | null };
  onEdit: () => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const mountRef = useRef<HTMLDivElement>(null);
  const edited = useRef(onEdit);
  edited.current = onEdit;
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let element: StripeCardElement | null = null;
    let cancelled = false;
    setState('loading');
    loadStripe(publishableKey).then(
      (client: StripeClient) => {
        if (cancelled || !mountRef.current) return;
        // Stripe draws the field in its own frame, in the page's language.
        const card = client.elements({ locale }).create('card', {
          hidePostalCode: true,
          style: { base: { fontSize: '16px' } },
        });
        element = card;
        card.on('change', (e) => {
          setError(e.error?.message ?? null);
          edited.current();
        });
        card.mount(mountRef.current);
        handle.current = {
          async tokenize() {
            const result = await client.createPaymentMethod({ type: 'card', card });
            if (!result.paymentMethod) {
              const message = result.error?.message ?? t('pay.cardUnreadable');
              setError(message);
              card.focus();
              throw cardProblem(message, result.error?.code);
            }
            return result.paymentMethod.id;
          },
        };
        setState('ready');
      },
      () => !cancelled && setState('failed'),
    );
    return () => {
      cancelled = true;
      handle.current = null;
      element?.destroy();
    };
  }, [publishableKey, locale, handle, t]);

  return (
    <fieldset className="stack" aria-describedby={`${id}-hint`}>
      <legend>{t('pay.card')}</legend>
      <p className="field-hint" id={`${id}-hint`}>
        {t('pay.cardHint')}
      </p>
      {state === 'loading' && <Loading label={t('pay.cardLoading')} />}
      {state === 'failed' && (
        <p role="alert" className="notice notice-error">
          {t('pay.cardUnavailable')}
        </p>
      )}
      <div ref={mountRef} className={`card-element${error ? ' card-element-invalid' : ''}`} />
      {/* Always in the DOM, so the card field's own errors are announced when they appear. */}
      <p role="alert" aria-atomic="true" className={error ? 'field-error' : 'visually-empty'}>
        {error}
      </p>
    </fieldset>
  );
}
