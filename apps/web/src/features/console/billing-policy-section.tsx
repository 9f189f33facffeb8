import { useEffect, useId, useState, type FormEvent } from 'react';
import type { BillingPolicyView } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { api, toApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { ErrorNotice, FormAlert, Notice, problemText } from '../../app/ui/feedback';

/** The part of the billing policy staff edit here: whether over-payments become a credit. */
export function BillingPolicySection() {
  const { t } = useI18n();
  const hintId = useId();
  const policy = useResource<BillingPolicyView>('/api/staff/billing/policy');
  const [allowCredit, setAllowCredit] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (policy.data) setAllowCredit(policy.data.allowCredit);
  }, [policy.data]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    setError(null);
    try {
      const next = await api.patch<BillingPolicyView>('/api/staff/billing/policy', { allowCredit });
      policy.setData(() => next);
      setSaved(true);
    } catch (err) {
      setError(problemText(toApiError(err), t));
      policy.reload();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="policy-heading" className="stack">
      <h2 id="policy-heading">{t('billingConsole.policy')}</h2>
      {policy.error && <ErrorNotice error={policy.error} onRetry={policy.reload} />}
      <form onSubmit={(e) => void save(e)} noValidate className="stack">
        <FormAlert message={error} />
        <label>
          <input
            type="checkbox"
            name="allowCredit"
            checked={allowCredit}
            aria-describedby={hintId}
            onChange={(e) => {
              setAllowCredit(e.target.checked);
              setSaved(false);
            }}
          />{' '}
          {t('billingConsole.allowCredit')}
        </label>
        <p className="field-hint" id={hintId}>
          {t('billingConsole.allowCreditHint')}
        </p>
        <div role="status">
          {saved && (
            <Notice tone="success">
              <p>{t('billingConsole.policySaved')}</p>
            </Notice>
          )}
        </div>
        <p>
          <button type="submit" className="btn btn-secondary" disabled={busy}>
            {t('billingConsole.savePolicy')}
          </button>
        </p>
      </form>
    </section>
  );
}
