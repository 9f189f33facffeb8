import { useState } from 'react';
import type { DeadJob } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { api, toApiError, type ApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { announce } from '../../app/flash';
import { Facts } from '../../app/ui/field';
import { Empty, ErrorNotice, Loading } from '../../app/ui/feedback';
import { ConsoleNav } from './console-nav';

export function JobsPage() {
  const { t, formatDateTime } = useI18n();
  const jobs = useResource<{ items: DeadJob[] }>('/api/staff/jobs/dead');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function retry(job: DeadJob) {
    if (busy) return;
    setBusy(job.id);
    setError(null);
    try {
      await api.post(`/api/staff/jobs/${encodeURIComponent(job.id)}/retry`, {});
      jobs.setData((prev) => ({ items: (prev?.items ?? []).filter((j) => j.id !== job.id) }));
      announce(t('jobs.retried'));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Page title={t('console.jobs')} lead={t('jobs.lead')} width="wide">
      <ConsoleNav />
      {jobs.loading && <Loading />}
      {jobs.error && <ErrorNotice error={jobs.error} onRetry={jobs.reload} />}
      {error && <ErrorNotice error={error} />}
      {jobs.data && jobs.data.items.length === 0 && <Empty>{t('jobs.empty')}</Empty>}
      {jobs.data && jobs.data.items.length > 0 && (
        <ul className="rows" aria-label={t('jobs.list')}>
          {jobs.data.items.map((j) => (
            <li key={j.id} className="row">
              <span className="row-title">
                <code>{j.queue}</code>
              </span>
              <Facts
                items={[
                  { label: t('jobs.attempts'), value: j.attempts },
                  { label: t('jobs.failedAt'), value: j.failedAt ? formatDateTime(j.failedAt) : '—' },
                  { label: t('jobs.created'), value: formatDateTime(j.createdAt) },
                  ...(j.lastError
                    ? [
                        {
                          label: t('jobs.lastError'),
                          value: <code className="error-text">{j.lastError}</code>,
                        },
                      ]
                    : []),
                ]}
              />
              <button
                type="button"
                className="btn btn-secondary btn-small"
                onClick={() => void retry(j)}
                aria-disabled={busy === j.id || undefined}
                aria-label={`${t('jobs.retry')} ${j.queue} ${j.id}`}
              >
                {t('jobs.retry')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
