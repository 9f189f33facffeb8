import { useState, type FormEvent } from 'react';
import type { PaymentPlan, PlanOptions } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link, navigate } from '../../app/router/router';
import { api, toApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { ErrorNotice, FormAlert, Loading, Notice, problemText } from '../../app/ui/feedback';
import { TextField } from '../../app/ui/field';
import { setFlash } from '../../app/flash';
import { useCardEntry } from './card-entry';
import { formatMoney } from './money';

const today = () => new Date().toISOString().slice(0, 10);

export function PlanPage() {
  const { t, locale } = useI18n();
  const options = useResource<PlanOptions>('/api/billing/plan-options');
  const [months, setMonths] = useState<number | null>(null);
  const [firstDue, setFirstDue] = useState(today);
  const card = useCardEntry();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const o = options.data;
  const chosen = months ?? o?.choices[0]?.months ?? null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const cardToken = await card.tokenize();
      await api.post<PaymentPlan>('/api/billing/plan', { months: chosen, cardToken, firstDueDate: firstDue });
      setFlash({ key: 'plan.created' });
      navigate('/bills');
    } catch (err) {
      setError(problemText(toApiError(err), t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title={t('plan.title')}
      lead={o ? t('plan.lead', { amount: formatMoney(o.balanceCents, o.currency, locale) }) : undefined}
    >
      <p>
        <Link to="/bills">{t('pay.back')}</Link>
      </p>
      {options.loading && <Loading />}
      {options.error && <ErrorNotice error={options.error} onRetry={options.reload} />}
      {o && o.choices.length === 0 && (
        <Notice tone="info">
          <p>{t('plan.notAvailable')}</p>
        </Notice>
      )}
      {o && o.choices.length > 0 && (
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <FormAlert message={error} />
          <fieldset className="stack">
            <legend>{t('plan.months')}</legend>
            {o.choices.map((c) => (
              <label key={c.months} className="choice">
                <input
                  type="radio"
                  name="months"
                  value={c.months}
                  checked={chosen === c.months}
                  onChange={() => setMonths(c.months)}
                />{' '}
                {t('plan.choice', {
                  months: c.months,
                  amount: formatMoney(c.monthlyCents, o.currency, locale),
                })}
              </label>
            ))}
          </fieldset>
          <TextField
            name="firstDueDate"
            type="date"
            label={t('plan.firstDue')}
            value={firstDue}
            onChange={setFirstDue}
            min={today()}
          />
          <p className="muted">{t('plan.notice')}</p>
          {card.fields}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('pay.busy') : t('plan.submit')}
          </button>
        </form>
      )}
    </Page>
  );
}
