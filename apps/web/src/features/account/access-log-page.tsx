import type { AccessLogEntry } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { actionLabel, roleLabel } from '../../app/i18n/labels';
import { Page } from '../../app/layout/page';
import { usePaged } from '../../app/api/use-resource';
import { Badge, Empty, ErrorNotice, LoadMore, Loading } from '../../app/ui/feedback';
import { AccountNav } from './account-nav';

const knownWhat = ['patient', 'account', 'profile'] as const;

/** The server describes entries in English ("you", "Patient"); translate the values we know. */
function useDescribe() {
  const { t } = useI18n();
  return {
    who: (who: string) => (who.trim().toLowerCase() === 'you' ? t('accessLog.you') : who),
    what: (what: string) => {
      const key = knownWhat.find((k) => k === what.trim().toLowerCase());
      return key ? t(`accessLog.what.${key}`) : what;
    },
  };
}

export function AccessLogPage() {
  const { t, formatDateTime } = useI18n();
  const log = usePaged<AccessLogEntry>('/api/me/access-log');
  const describe = useDescribe();
  return (
    <Page title={t('accessLog.title')} lead={t('accessLog.lead')}>
      <AccountNav />
      {log.loading && <Loading />}
      {log.error && <ErrorNotice error={log.error} onRetry={log.reload} />}
      {!log.loading && !log.error && log.items.length === 0 && <Empty>{t('accessLog.empty')}</Empty>}
      {log.items.length > 0 && (
        <ol className="timeline" aria-label={t('accessLog.list')}>
          {log.items.map((e, i) => (
            <li key={`${e.at}-${i}`} className="timeline-item">
              <div className="timeline-head">
                <strong>{describe.who(e.who)}</strong>
                {e.role && <Badge>{roleLabel(t, e.role)}</Badge>}
                {e.actorKind === 'app' && <Badge tone="info">{t('connectedApps.appBadge')}</Badge>}
              </div>
              <p>
                {actionLabel(t, e.action)}: {describe.what(e.what)}
              </p>
              <time dateTime={e.at} className="muted small">
                {formatDateTime(e.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
      <LoadMore
        hasMore={log.nextCursor !== null}
        loading={log.loadingMore}
        onLoadMore={() => void log.loadMore()}
      />
    </Page>
  );
}
