import { useState } from 'react';
import type { CreatedSmartClient, SmartClient } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { api, toApiError, type ApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { announce } from '../../app/flash';
import { Badge, Empty, ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import { Facts } from '../../app/ui/field';
import { ConsoleNav } from './console-nav';
import { NewAppForm, NewBackendForm } from './apps-forms';

function ClientItem({ client, onChange }: { client: SmartClient; onChange: (c: SmartClient) => void }) {
  const { t, formatDateTime } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function retire() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.del(`/api/staff/smart-clients/${encodeURIComponent(client.clientId)}`);
      onChange({ ...client, disabledAt: new Date().toISOString() });
      announce(t('consoleApps.retireDone', { name: client.name }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card">
      <h3>
        {client.name}{' '}
        <Badge tone={client.kind === 'app' ? 'info' : 'neutral'}>
          {client.kind === 'app' ? t('consoleApps.kindApp') : t('consoleApps.kindBackend')}
        </Badge>{' '}
        {client.disabledAt && <Badge tone="bad">{t('consoleApps.retired')}</Badge>}
      </h3>
      <Facts
        items={[
          { label: t('consoleApps.clientId'), value: <code>{client.clientId}</code> },
          { label: t('consoleApps.auth'), value: client.authMethod },
          { label: t('consoleApps.scopes'), value: client.scopes },
          ...(client.redirectUris.length
            ? [{ label: t('consoleApps.redirects'), value: client.redirectUris.join(', ') }]
            : []),
        ]}
      />
      <p className="muted small">{formatDateTime(client.createdAt)}</p>
      {error && <ErrorNotice error={error} />}
      {!client.disabledAt && (
        <button
          type="button"
          className="btn btn-danger btn-small"
          aria-label={`${t('consoleApps.retire')} ${client.name}`}
          aria-disabled={busy || undefined}
          onClick={() => void retire()}
        >
          {t('consoleApps.retire')}
        </button>
      )}
    </li>
  );
}

/** SMART clients of the organization: patient apps and backend systems. */
export function AppsPage() {
  const { t } = useI18n();
  const list = useResource<{ items: SmartClient[] }>('/api/staff/smart-clients');
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const items = list.data?.items ?? [];
  const added = (c: CreatedSmartClient) => {
    list.setData((prev) => ({ items: [c, ...(prev?.items ?? [])] }));
    setSecret(c.clientSecret ? { name: c.name, value: c.clientSecret } : null);
  };
  return (
    <Page title={t('consoleApps.title')} lead={t('consoleApps.lead')} width="wide">
      <ConsoleNav />
      {secret && (
        <Notice tone="warning">
          {t('consoleApps.secret', { name: secret.name })} <code>{secret.value}</code>
        </Notice>
      )}
      <NewAppForm onCreated={added} />
      <NewBackendForm onCreated={added} />
      <section aria-labelledby="clients-heading">
        <h2 id="clients-heading">{t('consoleApps.list')}</h2>
        {list.loading && <Loading />}
        {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
        {list.data && items.length === 0 && <Empty>{t('consoleApps.empty')}</Empty>}
        {items.length > 0 && (
          <ul className="stack">
            {items.map((c) => (
              <ClientItem
                key={c.clientId}
                client={c}
                onChange={(next) =>
                  list.setData((prev) => ({
                    items: (prev?.items ?? []).map((i) => (i.clientId === next.clientId ? next : i)),
                  }))
                }
              />
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}
