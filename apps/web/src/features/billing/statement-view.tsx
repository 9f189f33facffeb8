import type { Statement } from '@accompany/contracts';
import { useI18n, type Translate } from '../../app/i18n/i18n';
import { formatMoney } from './money';

const knownReasons = ['copay', 'deductible', 'coinsurance', 'not_covered'] as const;

export function reasonText(t: Translate, reason: string | null): string | null {
  if (!reason) return null;
  const known = knownReasons.find((r) => r === reason);
  return known ? t(`statement.reason.${known}`) : reason;
}

/** A statement in plain language: one card per service, phone first, printable as is. */
export function StatementView({ statement }: { statement: Statement }) {
  const { t, locale, formatDate } = useI18n();
  const money = (c: number) => formatMoney(c, statement.currency, locale);
  return (
    <div className="stack statement">
      <section aria-labelledby="due-heading" className="card">
        <h2 id="due-heading">{t('statement.amountDue')}</h2>
        <p className="statement-amount">{money(statement.amountDueCents)}</p>
        {statement.state === 'open' && <p>{t('statement.dueBy', { date: formatDate(statement.dueDate) })}</p>}
        {statement.state === 'past_due' && <p className="statement-past-due">{t('statement.pastDue')}</p>}
        {statement.state === 'paid' && <p>{t('statement.paid')}</p>}
        <p className="muted small">{t('statement.code', { code: statement.code })}</p>
        {statement.previousBalanceCents !== 0 && (
          <p className="muted small">
            {statement.previousBalanceCents < 0
              ? t('statement.previousCredit', { amount: money(-statement.previousBalanceCents) })
              : t('statement.previous', { amount: money(statement.previousBalanceCents) })}
          </p>
        )}
      </section>
      <section aria-labelledby="lines-heading">
        <h2 id="lines-heading">{t('statement.lines')}</h2>
        <ul className="statement-lines">
          {statement.lines.map((l, i) => (
            <li key={i} className="card">
              <h3>{l.description}</h3>
              {l.serviceDate && (
                <p className="muted small">
                  {t('statement.date')}: {formatDate(l.serviceDate)}
                </p>
              )}
              <dl className="statement-figures">
                {l.chargedCents !== 0 && (
                  <>
                    <dt>{t('statement.charged')}</dt>
                    <dd>{money(l.chargedCents)}</dd>
                  </>
                )}
                {l.insurancePaidCents !== 0 && (
                  <>
                    <dt>{t('statement.insurancePaid')}</dt>
                    <dd>−{money(l.insurancePaidCents)}</dd>
                  </>
                )}
                {l.adjustedCents !== 0 && (
                  <>
                    <dt>{t('statement.adjusted')}</dt>
                    <dd>−{money(l.adjustedCents)}</dd>
                  </>
                )}
                {l.youPaidCents !== 0 && (
                  <>
                    <dt>{t('statement.youPaid')}</dt>
                    <dd>−{money(l.youPaidCents)}</dd>
                  </>
                )}
                <dt>
                  <strong>{t('statement.youOwe')}</strong>
                </dt>
                <dd>
                  <strong>{money(l.youOweCents)}</strong>
                </dd>
              </dl>
              {reasonText(t, l.reason) && (
                <p>
                  <strong>{t('statement.why')}:</strong> {reasonText(t, l.reason)}
                </p>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
