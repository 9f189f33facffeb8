import { useState, type FormEvent } from 'react';
import type { LedgerEntry, Payment, PaymentPlan, Statement } from '@accompany/contracts';
import type { PageProps } from '../../app/routes';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { api, toApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { ErrorNotice, FormAlert, Loading, Notice, problemText } from '../../app/ui/feedback';
import { SelectField, TextField } from '../../app/ui/field';
import { formatMoney, parseAmount } from '../billing/money';
import { ConsoleNav } from './console-nav';

interface AccountDetail {
  accountId: string;
  patientName: string;
  mrn: string;
  currency: string;
  balanceCents: number;
  ledger: LedgerEntry[];
  statements: (Statement & { payLink: string })[];
  payments: Payment[];
  plan: PaymentPlan | null;
}

/** Signed cents from text such as "-12.50". */
const signedCents = (text: string) => {
  const negative = text.trim().startsWith('-');
  const cents = parseAmount(text.trim().replace(/^-/, ''));
  return cents === null ? null : negative ? -cents : cents;
};

export function BillingAccountPage({ params }: PageProps) {
  const { t, locale, formatDate, formatDateTime } = useI18n();
  const detail = useResource<AccountDetail>(
    `/api/staff/billing/accounts/${encodeURIComponent(params.id ?? '')}`,
  );
  const [kind, setKind] = useState('adjustment');
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [reason, setReason] = useState('');
  const [refund, setRefund] = useState<{ id: string; amount: string; reason: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const d = detail.data;
  const money = (c: number) => formatMoney(c, d?.currency ?? 'USD', locale);

  async function run(e: FormEvent, work: () => Promise<unknown>, message: string) {
    e.preventDefault();
    setError(null);
    setDone(null);
    try {
      await work();
      setDone(message);
      detail.reload();
    } catch (err) {
      setError(problemText(toApiError(err), t));
    }
  }

  return (
    <Page
      title={d ? d.patientName : t('billingConsole.accounts')}
      lead={
        d
          ? `${t('billingConsole.mrn')} ${d.mrn} · ${t('billingConsole.balance')} ${
              d.balanceCents < 0
                ? t('billingConsole.credit', { amount: money(-d.balanceCents) })
                : money(d.balanceCents)
            }`
          : undefined
      }
      width="wide"
    >
      <ConsoleNav />
      {detail.loading && <Loading />}
      {detail.error && <ErrorNotice error={detail.error} onRetry={detail.reload} />}
      <FormAlert message={error} />
      {done && (
        <Notice tone="success">
          <p role="status">{done}</p>
        </Notice>
      )}
      {d && (
        <div className="stack">
          <section aria-labelledby="ledger-heading">
            <h2 id="ledger-heading">{t('billingConsole.ledger')}</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('billingConsole.when')}</th>
                    <th scope="col">{t('billingConsole.kind')}</th>
                    <th scope="col">{t('billingConsole.description')}</th>
                    <th scope="col">{t('billingConsole.amount')}</th>
                    <th scope="col">{t('billingConsole.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.ledger.map((e) => (
                    <tr key={e.id}>
                      <td>{formatDateTime(e.createdAt)}</td>
                      <td>{t(`billingConsole.kind.${e.kind}`)}</td>
                      <td>
                        {e.description}
                        {e.serviceDate ? ` (${formatDate(e.serviceDate)})` : ''}
                      </td>
                      <td>{money(e.amountCents)}</td>
                      <td>{e.reason ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <form
            className="stack card"
            aria-labelledby="entry-heading"
            noValidate
            onSubmit={(e) =>
              void run(
                e,
                () => {
                  const cents = signedCents(amount);
                  return api.post(`/api/staff/billing/accounts/${d.accountId}/entries`, {
                    kind,
                    amountCents: cents ?? 0,
                    currency: d.currency,
                    description,
                    reason,
                  });
                },
                t('billingConsole.entryDone'),
              )
            }
          >
            <h2 id="entry-heading">{t('billingConsole.newEntry')}</h2>
            <SelectField
              name="kind"
              label={t('billingConsole.entryKind')}
              value={kind}
              onChange={setKind}
              options={(['adjustment', 'write_off', 'charge'] as const).map((k) => ({
                value: k,
                label: t(`billingConsole.kind.${k}`),
              }))}
            />
            <TextField
              name="amount"
              label={t('billingConsole.entryAmount')}
              value={amount}
              onChange={setAmount}
              inputMode="decimal"
            />
            <TextField
              name="description"
              label={t('billingConsole.description')}
              value={description}
              onChange={setDescription}
            />
            <TextField name="reason" label={t('billingConsole.reason')} value={reason} onChange={setReason} />
            <button type="submit" className="btn btn-primary">
              {t('billingConsole.post')}
            </button>
          </form>
          <section aria-labelledby="statements-heading">
            <h2 id="statements-heading">{t('billingConsole.statements')}</h2>
            <ul className="list">
              {d.statements.map((s) => (
                <li key={s.id} className="list-item">
                  <strong>{s.code}</strong> · {formatDate(s.issuedAt)} · {money(s.amountDueCents)} ·{' '}
                  {t(`bills.state.${s.state}`)}
                  <p className="muted small">
                    {t('billingConsole.payLink')}: <a href={s.payLink}>{s.payLink}</a>
                  </p>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="payments-heading">
            <h2 id="payments-heading">{t('billingConsole.payments')}</h2>
            <ul className="list">
              {d.payments.map((p) => (
                <li key={p.id} className="list-item">
                  {money(p.amountCents)} · {formatDateTime(p.createdAt)} · {t(`bills.status.${p.status}`)}
                  {p.status === 'succeeded' && refund?.id !== p.id && (
                    <button
                      type="button"
                      className="btn btn-secondary"
                      onClick={() => setRefund({ id: p.id, amount: '', reason: '' })}
                    >
                      {t('billingConsole.refund')}
                    </button>
                  )}
                  {refund?.id === p.id && (
                    <form
                      className="stack"
                      noValidate
                      onSubmit={(e) =>
                        void run(
                          e,
                          () =>
                            api.post(`/api/staff/billing/payments/${p.id}/refunds`, {
                              amountCents: parseAmount(refund.amount) ?? 0,
                              reason: refund.reason,
                            }),
                          t('billingConsole.refundDone'),
                        )
                      }
                    >
                      <TextField
                        name="refundAmount"
                        label={t('billingConsole.refundAmount')}
                        value={refund.amount}
                        onChange={(v) => setRefund({ ...refund, amount: v })}
                        inputMode="decimal"
                      />
                      <TextField
                        name="refundReason"
                        label={t('billingConsole.reason')}
                        value={refund.reason}
                        onChange={(v) => setRefund({ ...refund, reason: v })}
                      />
                      <button type="submit" className="btn btn-primary">
                        {t('billingConsole.refund')}
                      </button>
                    </form>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </Page>
  );
}
