import { useState } from 'react';
import type { BillingSummary } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { api, toApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { Badge, Empty, ErrorNotice, FormAlert, Loading, problemText } from '../../app/ui/feedback';
import { formatMoney } from './money';
import { failureText } from './pay-form';

export function BillsPage() {
  const { t, locale, formatDate } = useI18n();
  const summary = useResource<BillingSummary>('/api/billing/summary');
  const [error, setError] = useState<string | null>(null);
  const s = summary.data;
  async function act(run: () => Promise<unknown>) {
    setError(null);
    try {
      await run();
      summary.reload();
    } catch (err) {
      setError(problemText(toApiError(err), t));
    }
  }
  return (
    <Page title={t('bills.title')} lead={t('bills.lead')}>
      {summary.loading && <Loading />}
      {summary.error && <ErrorNotice error={summary.error} onRetry={summary.reload} />}
      <FormAlert message={error} />
      {s && (
        <div className="stack">
          <section aria-labelledby="balance-heading" className="card">
            <h2 id="balance-heading">{t('bills.balance')}</h2>
            <p className="statement-amount">{formatMoney(Math.max(0, s.balanceCents), s.currency, locale)}</p>
            {s.balanceCents === 0 && <p>{t('bills.nothingOwed')}</p>}
            {s.balanceCents < 0 && (
              <p>{t('bills.credit', { amount: formatMoney(-s.balanceCents, s.currency, locale) })}</p>
            )}
          </section>
          <section aria-labelledby="statements-heading">
            <h2 id="statements-heading">{t('bills.statements')}</h2>
            {s.statements.length === 0 ? (
              <Empty>{t('bills.noStatements')}</Empty>
            ) : (
              <ul className="list">
                {s.statements.map((st) => (
                  <li key={st.id} className="list-item">
                    <Link to={`/bills/statements/${st.id}`}>
                      {t('bills.statementOf', { date: formatDate(st.issuedAt) })}
                    </Link>{' '}
                    <Badge>{t(`bills.state.${st.state}`)}</Badge>
                    <p className="muted small">
                      {formatMoney(st.amountDueCents, s.currency, locale)} ·{' '}
                      {t('bills.due', { date: formatDate(st.dueDate) })}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="plan-heading" className="card">
            <h2 id="plan-heading">{t('bills.plan')}</h2>
            {s.plan && s.plan.status === 'active' ? (
              <>
                <p>
                  <Badge>{t(`bills.planStatus.${s.plan.status}`)}</Badge>{' '}
                  {t('plan.choice', {
                    months: s.plan.months,
                    amount: formatMoney(s.plan.installments[0]?.amountCents ?? 0, s.currency, locale),
                  })}
                </p>
                <button
                  type="button"
                  className="btn btn-secondary"
                  onClick={() => void act(() => api.del('/api/billing/plan'))}
                >
                  {t('bills.planCancel')}
                </button>
              </>
            ) : (
              <>
                {s.plan && <Badge>{t(`bills.planStatus.${s.plan.status}`)}</Badge>}
                <p>{t('bills.planNone')}</p>
                {s.balanceCents > 0 && <Link to="/bills/plan">{t('bills.planSetUp')}</Link>}
              </>
            )}
          </section>
          <section aria-labelledby="autopay-heading" className="card">
            <h2 id="autopay-heading">{t('bills.autopay')}</h2>
            {s.autopay ? (
              <>
                <p>{t('bills.autopayOn', { last4: s.autopay.cardLast4 })}</p>
                <button
                  type="button"
                  className="btn btn-secondary"
                  onClick={() => void act(() => api.del('/api/billing/autopay'))}
                >
                  {t('bills.autopayTurnOff')}
                </button>
              </>
            ) : (
              <>
                <p>{t('bills.autopayOff')}</p>
                <Link to="/bills/autopay">{t('bills.autopayTurnOn')}</Link>
              </>
            )}
          </section>
          <section aria-labelledby="payments-heading">
            <h2 id="payments-heading">{t('bills.payments')}</h2>
            {s.payments.length === 0 ? (
              <Empty>{t('bills.noPayments')}</Empty>
            ) : (
              <ul className="list">
                {s.payments.map((p) => (
                  <li key={p.id} className="list-item">
                    <strong>{formatMoney(p.amountCents, p.currency, locale)}</strong> ·{' '}
                    {formatDate(p.createdAt)} · <Badge>{t(`bills.status.${p.status}`)}</Badge>
                    {p.status === 'failed' && <p className="muted small">{failureText(t, p.failureCode)}</p>}
                    {p.status === 'succeeded' && (
                      <p className="muted small">
                        {t('pay.receipt')} {p.id.slice(0, 8).toUpperCase()}
                        {p.cardLast4 ? ` · ···· ${p.cardLast4}` : ''}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </Page>
  );
}
