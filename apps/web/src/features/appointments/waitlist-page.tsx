import type { Appointment, WaitlistEntry } from '@accompany/contracts';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Empty, ErrorNotice, Loading, Notice } from '../../app/ui/feedback';

export function WaitlistPage() {
  const { t, formatDateTime } = useI18n();
  const list = useResource<{ items: WaitlistEntry[] }>('/api/waitlist');
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  return (
    <Page title={t('wait.title')} lead={t('wait.lead')}>
      {list.loading && <Loading />}
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {message && <Notice tone="success">{message}</Notice>}
      {error && <ErrorNotice error={error} />}
      {list.data && items.length === 0 && <Empty>{t('wait.none')}</Empty>}
      <ul className="rows">
        {items.map((w) => {
          const offer = w.offer?.status === 'open' ? w.offer : null;
          return (
            <li key={w.id} className="row">
              <div className="row-title">
                <strong>{w.providerName}</strong>
              </div>
              <p className="row-meta">{t('wait.waiting', { time: formatDateTime(w.beforeAt) })}</p>
              {offer && (
                <>
                  <p>
                    <strong>{t('wait.offer', { time: formatDateTime(offer.start) })}</strong>
                    <br />
                    <span className="muted">
                      {t('wait.offerExpires', { time: formatDateTime(offer.expiresAt) })}
                    </span>
                  </p>
                  <button
                    type="button"
                    className="btn btn-primary"
                    onClick={() => {
                      setError(null);
                      api.post<Appointment>(`/api/waitlist/offers/${offer.id}/accept`).then(
                        () => {
                          setMessage(t('wait.accepted'));
                          list.reload();
                        },
                        (e: unknown) => {
                          const err = toApiError(e);
                          if (err.status === 409) setMessage(t('wait.taken'));
                          else setError(err);
                          list.reload();
                        },
                      );
                    }}
                  >
                    {t('wait.accept', { time: formatDateTime(offer.start) })}
                  </button>
                </>
              )}
              <button
                type="button"
                className="btn btn-quiet btn-small"
                onClick={() =>
                  api
                    .post(`/api/waitlist/${w.id}/withdraw`)
                    .then(list.reload, (e: unknown) => setError(toApiError(e)))
                }
              >
                {t('wait.withdraw')}
              </button>
            </li>
          );
        })}
      </ul>
    </Page>
  );
}
