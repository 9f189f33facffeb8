import { useState } from 'react';
import type { Payment } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { api, toApiError, withQuery } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { Empty, ErrorNotice, FormAlert, Notice, problemText } from '../../app/ui/feedback';
import { TextField } from '../../app/ui/field';
import { formatMoney } from '../billing/money';
import { BillingPolicySection } from './billing-policy-section';
import { ConsoleNav } from './console-nav';

type Row = Payment & { accountId: string; patientName: string };
const today = () => new Date().toISOString().slice(0, 10);

function PaymentsTable({ rows }: { rows: Row[] }) {
  const { t, locale, formatDateTime } = useI18n();
  if (rows.length === 0) return <Empty>{t('billingConsole.none')}</Empty>;
  return (
    <ul className="list">
      {rows.map((p) => (
        <li key={p.id} className="list-item">
          <Link to={`/console/billing/accounts/${p.accountId}`}>{p.patientName}</Link> ·{' '}
          {formatMoney(p.amountCents, p.currency, locale)} · {formatDateTime(p.createdAt)} ·{' '}
          {t(`bills.status.${p.status}`)}
          {p.failureCode ? ` (${p.failureCode})` : ''}
        </li>
      ))}
    </ul>
  );
}

export function BillingReportsPage() {
  const { t, locale } = useI18n();
  const day = useResource<{ items: Row[] }>(withQuery('/api/staff/billing/payments', { date: today() }));
  const failed = useResource<{ items: Row[] }>('/api/staff/billing/payments?status=failed');
  const aging = useResource<{
    items: { bucket: string; accounts: number; cents: number }[];
    credit: { accounts: number; cents: number };
  }>('/api/staff/billing/aging');
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(today());
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <Page title={t('billingConsole.reports')} lead={t('billingConsole.reportsBody')} width="wide">
      <ConsoleNav />
      <FormAlert message={error} />
      {message && (
        <Notice tone="success">
          <p role="status">{message}</p>
        </Notice>
      )}
      <div className="stack">
        <section aria-labelledby="today-heading">
          <h2 id="today-heading">{t('billingConsole.paymentsToday')}</h2>
          {day.error && <ErrorNotice error={day.error} onRetry={day.reload} />}
          {day.data && <PaymentsTable rows={day.data.items} />}
        </section>
        <section aria-labelledby="failed-heading">
          <h2 id="failed-heading">{t('billingConsole.failed')}</h2>
          {failed.data && <PaymentsTable rows={failed.data.items} />}
        </section>
        <section aria-labelledby="aging-heading">
          <h2 id="aging-heading">{t('billingConsole.aging')}</h2>
          {aging.data && (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('billingConsole.bucket')}</th>
                  <th scope="col">{t('billingConsole.accountsCount')}</th>
                  <th scope="col">{t('billingConsole.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {aging.data.items.map((b) => (
                  <tr key={b.bucket}>
                    <th scope="row">{b.bucket}</th>
                    <td>{b.accounts}</td>
                    <td>{formatMoney(b.cents, 'USD', locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {aging.data && aging.data.credit.accounts > 0 && (
            <p>
              {t('billingConsole.creditHeld', {
                amount: formatMoney(aging.data.credit.cents, 'USD', locale),
                accounts: aging.data.credit.accounts,
              })}
            </p>
          )}
        </section>
        <BillingPolicySection />
        <section aria-labelledby="export-heading" className="stack">
          <h2 id="export-heading">{t('billingConsole.export')}</h2>
          <div className="field-row">
            <TextField
              name="from"
              type="date"
              label={t('billingConsole.from')}
              value={from}
              onChange={setFrom}
            />
            <TextField name="to" type="date" label={t('billingConsole.to')} value={to} onChange={setTo} />
          </div>
          <a
            className="btn btn-secondary"
            href={withQuery('/api/staff/billing/export', { from, to })}
            download
          >
            {t('billingConsole.download')}
          </a>
        </section>
        <p>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() =>
              void api.post('/api/staff/billing/statements/run').then(
                () => setMessage(t('billingConsole.runQueued')),
                (err: unknown) => setError(problemText(toApiError(err), t)),
              )
            }
          >
            {t('billingConsole.runStatements')}
          </button>{' '}
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() =>
              void api
                .post<{ examined: number; posted: number; skipped: number }>(
                  '/api/staff/billing/record-charges',
                )
                .then(
                  (r) => setMessage(t('billingConsole.recordChargesDone', r)),
                  (err: unknown) => setError(problemText(toApiError(err), t)),
                )
            }
          >
            {t('billingConsole.recordCharges')}
          </button>
        </p>
      </div>
    </Page>
  );
}
