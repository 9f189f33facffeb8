import { useState } from 'react';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { withQuery } from '../../app/api/client';
import { usePaged } from '../../app/api/use-resource';
import { Empty, ErrorNotice, LoadMore, Loading } from '../../app/ui/feedback';
import { TextField } from '../../app/ui/field';
import { formatMoney } from '../billing/money';
import { ConsoleNav } from './console-nav';

interface AccountRow {
  accountId: string;
  patientName: string;
  mrn: string;
  balanceCents: number;
  currency: string;
  oldestOpenDueDate: string | null;
}

export function BillingAccountsPage() {
  const { t, locale, formatDate } = useI18n();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const list = usePaged<AccountRow>(withQuery('/api/staff/billing/accounts', { q: search }));
  return (
    <Page title={t('billingConsole.accounts')} lead={t('billingConsole.accountsBody')} width="wide">
      <ConsoleNav />
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <TextField name="q" type="search" label={t('billingConsole.search')} value={q} onChange={setQ} />
      </form>
      {list.loading && <Loading />}
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {!list.loading && list.items.length === 0 && !list.error && <Empty>{t('billingConsole.none')}</Empty>}
      {list.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('billingConsole.patient')}</th>
                <th scope="col">{t('billingConsole.mrn')}</th>
                <th scope="col">{t('billingConsole.balance')}</th>
                <th scope="col">{t('billingConsole.oldestDue')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((a) => (
                <tr key={a.accountId}>
                  <td>
                    <Link to={`/console/billing/accounts/${a.accountId}`}>{a.patientName}</Link>
                  </td>
                  <td>{a.mrn}</td>
                  <td>
                    {a.balanceCents < 0
                      ? t('billingConsole.credit', {
                          amount: formatMoney(-a.balanceCents, a.currency, locale),
                        })
                      : formatMoney(a.balanceCents, a.currency, locale)}
                  </td>
                  <td>{a.oldestOpenDueDate ? formatDate(a.oldestOpenDueDate) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore
        hasMore={list.nextCursor !== null}
        loading={list.loadingMore}
        onLoadMore={() => void list.loadMore()}
      />
    </Page>
  );
}
