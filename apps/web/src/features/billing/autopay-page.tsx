import { useState, type FormEvent } from 'react';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link, navigate } from '../../app/router/router';
import { api, toApiError } from '../../app/api/client';
import { FormAlert, problemText } from '../../app/ui/feedback';
import { setFlash } from '../../app/flash';
import { useCardEntry } from './card-entry';

export function AutopayPage() {
  const { t } = useI18n();
  const card = useCardEntry();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/billing/autopay', { cardToken: await card.tokenize() });
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
        {card.fields}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('pay.busy') : t('bills.autopayTurnOn')}
        </button>
      </form>
    </Page>
  );
}
