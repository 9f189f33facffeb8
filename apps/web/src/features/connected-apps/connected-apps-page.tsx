import { useRef, useState } from 'react';
import type { ConnectedApp } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { api, toApiError, type ApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { announce } from '../../app/flash';
import { Badge, Empty, ErrorNotice, Loading } from '../../app/ui/feedback';
import { AccountNav } from '../account/account-nav';
import { describeScopes } from './scope-labels';
import './connected-apps.css';

function AppItem({ app, onRevoked }: { app: ConnectedApp; onRevoked: (grantId: string) => void }) {
  const { t, formatDateTime } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const what = describeScopes(t, app.scopes).join(', ');

  async function revoke() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.del(`/api/me/connected-apps/${encodeURIComponent(app.grantId)}`);
      onRevoked(app.grantId);
      announce(t('connectedApps.revoked', { app: app.appName }));
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  }

  return (
    <li className="card app-item">
      <h2>{app.appName}</h2>
      <p>{t('connectedApps.canSee', { what })}</p>
      {app.scopes.includes('offline_access') && <Badge tone="info">{t('connectedApps.offline')}</Badge>}
      <p className="muted small">
        {t('connectedApps.since', { date: formatDateTime(app.since) })}
        {' · '}
        {app.lastUsedAt
          ? t('connectedApps.lastUsed', { date: formatDateTime(app.lastUsedAt) })
          : t('connectedApps.neverUsed')}
      </p>
      {error && <ErrorNotice error={error} />}
      {confirming ? (
        <div
          className="confirm"
          role="group"
          aria-label={t('connectedApps.revokeConfirm', { app: app.appName })}
        >
          <p>{t('connectedApps.revokeConfirm', { app: app.appName })}</p>
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-danger btn-small"
              ref={(el) => el?.focus()}
              onClick={() => void revoke()}
              aria-disabled={busy || undefined}
            >
              {t('connectedApps.revokeYes')}
            </button>
            <button
              type="button"
              className="btn btn-quiet btn-small"
              onClick={() => {
                setConfirming(false);
                window.requestAnimationFrame(() => revokeButton.current?.focus());
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button
          ref={revokeButton}
          type="button"
          className="btn btn-secondary btn-small"
          aria-label={`${t('connectedApps.revoke')} ${app.appName}`}
          onClick={() => setConfirming(true)}
        >
          {t('connectedApps.revoke')}
        </button>
      )}
    </li>
  );
}

/** The apps that can read the patient's record, each with a way to end its access at once. */
export function ConnectedAppsPage() {
  const { t } = useI18n();
  const list = useResource<{ items: ConnectedApp[] }>('/api/me/connected-apps');
  const items = list.data?.items ?? [];
  return (
    <Page title={t('connectedApps.title')} lead={t('connectedApps.lead')}>
      <AccountNav />
      {list.loading && <Loading />}
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {list.data && items.length === 0 && <Empty>{t('connectedApps.empty')}</Empty>}
      {items.length > 0 && (
        <ul className="app-list" aria-label={t('connectedApps.list')}>
          {items.map((app) => (
            <AppItem
              key={app.grantId}
              app={app}
              onRevoked={(id) =>
                list.setData((prev) => ({ items: (prev?.items ?? []).filter((a) => a.grantId !== id) }))
              }
            />
          ))}
        </ul>
      )}
    </Page>
  );
}
