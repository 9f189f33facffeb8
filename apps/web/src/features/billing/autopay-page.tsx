import { useState, type FormEvent } from 'react';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link, navigate } from '../../app/router/router';
import { api, toApiError } from '../../app/api/client';
import { FormAlert, problemText } from '../../app/ui/feedback';
import { setFlash } from '../../app/flash';
import { tokenizeCard } from './api';
import { CardFields, emptyCard } from './card-fields';

export function AutopayPage() {
  const { t } = useI18n();
  const [card, setCard] = useState(emptyCard);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/billing/autopay', { cardToken: await tokenizeCard(card) });
      setFlash({ key: 'bills.autopayDone' });
      navigate('/bills');
    } catch (err) {
      setError(problemText(toApiError(err), t));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Page title={t('bills.autopayTurnOn')} lead={t('bills.autopayOff')}>
      <p>
        <Link to="/bills">{t('pay.back')}</Link>
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <FormAlert message={error} />
        <CardFields card={card} onChange={setCard} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('pay.busy') : t('bills.autopayTurnOn')}
        </button>
      </form>
    </Page>
  );
}
