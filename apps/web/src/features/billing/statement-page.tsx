import type { Payment, Statement } from '@accompany/contracts';
import type { PageProps } from '../../app/routes';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { api } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { ErrorNotice, Loading } from '../../app/ui/feedback';
import { PayForm } from './pay-form';
import { StatementView } from './statement-view';
import { postPayment } from './api';

export function StatementPage({ params }: PageProps) {
  const { t, formatDate } = useI18n();
  const id = params.id ?? '';
  const statement = useResource<Statement>(`/api/billing/statements/${encodeURIComponent(id)}`);
  const s = statement.data;
  return (
    <Page
      title={s ? t('statement.title', { code: s.code }) : t('bills.statements')}
      lead={
        s
          ? t('statement.lead', {
              organization: s.organization,
              name: s.patientName,
              date: formatDate(s.issuedAt),
            })
          : undefined
      }
    >
      <p className="no-print">
        <Link to="/bills">{t('pay.back')}</Link>
      </p>
      {statement.loading && <Loading />}
      {statement.error && <ErrorNotice error={statement.error} onRetry={statement.reload} />}
      {s && (
        <div className="stack">
          <StatementView statement={s} />
          <p className="no-print">
            <button type="button" className="btn btn-secondary" onClick={() => window.print()}>
              {t('statement.print')}
            </button>
          </p>
          {s.amountDueCents > 0 && (
            <div className="no-print">
              <PayForm
                amountDueCents={s.amountDueCents}
                currency={s.currency}
                pay={(cardToken, amountCents, key) =>
                  postPayment(
                    '/api/billing/payments',
                    { amountCents, currency: s.currency, cardToken, statementId: s.id },
                    key,
                  )
                }
                read={(paymentId) => api.get<Payment>(`/api/billing/payments/${paymentId}`)}
              />
            </div>
          )}
        </div>
      )}
    </Page>
  );
}
