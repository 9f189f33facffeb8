import { useState, type FormEvent } from 'react';
import type { Payment, Statement } from '@accompany/contracts';
import type { PageProps } from '../../app/routes';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { api, toApiError, withQuery } from '../../app/api/client';
import { FormAlert, problemText } from '../../app/ui/feedback';
import { TextField } from '../../app/ui/field';
import { postPayment } from './api';
import { PayForm } from './pay-form';
import { StatementView } from './statement-view';

/**
 * Text-to-pay: no sign-in; the date of birth opens the statement of the link. Without a link
 * (`/pay`), the code printed on a paper statement stands in for it.
 */
export function PayLinkPage({ params }: PageProps) {
  const { t } = useI18n();
  const byCode = !params.token;
  const [token, setToken] = useState(params.token ?? '');
  const [code, setCode] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<{ grant: string; statement: Statement } | null>(null);
  const base = `/api/pay/${encodeURIComponent(token)}`;

  async function unlock(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (byCode) {
        const res = await api.post<{ token: string; grant: string; statement: Statement }>(
          '/api/pay/by-code',
          { code, birthDate },
          { quiet: true },
        );
        setToken(res.token);
        setOpened(res);
      } else {
        setOpened(
          await api.post<{ grant: string; statement: Statement }>(
            `${base}/unlock`,
            { birthDate },
            { quiet: true },
          ),
        );
      }
    } catch (err) {
      setError(problemText(toApiError(err), t));
    } finally {
      setBusy(false);
    }
  }

  if (opened) {
    const s = opened.statement;
    return (
      <Page title={t('statement.title', { code: s.code })} autoFocus>
        <StatementView statement={s} />
        {s.amountDueCents > 0 && (
          <PayForm
            amountDueCents={s.amountDueCents}
            currency={s.currency}
            pay={(cardToken, amountCents, key) =>
              postPayment(
                `${base}/payments`,
                { grant: opened.grant, amountCents, currency: s.currency, cardToken },
                key,
              )
            }
            read={(id) =>
              api.get<Payment>(withQuery(`${base}/payments/${id}`, { grant: opened.grant }), { quiet: true })
            }
          />
        )}
      </Page>
    );
  }
  return (
    <Page title={t('link.title')} lead={byCode ? t('link.leadCode') : t('link.lead')}>
      <form onSubmit={(e) => void unlock(e)} noValidate className="stack">
        <FormAlert message={error} />
        {byCode && (
          <TextField
            name="code"
            label={t('link.code')}
            hint={t('link.codeHint')}
            value={code}
            onChange={setCode}
            autoComplete="off"
          />
        )}
        <TextField
          name="birthDate"
          type="date"
          label={t('link.birthDate')}
          value={birthDate}
          onChange={setBirthDate}
          autoComplete="bday"
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('link.unlock')}
        </button>
      </form>
    </Page>
  );
}
