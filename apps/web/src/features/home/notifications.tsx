import { useState } from 'react';
import type { Notification } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { api, toApiError, type ApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { Link } from '../../app/router/router';
import { announce } from '../../app/flash';
import { Badge, Empty, ErrorNotice, Loading } from '../../app/ui/feedback';

interface Feed {
  items: Notification[];
  unread: number;
}

export function Notifications() {
  const { t, formatDateTime } = useI18n();
  const feed = useResource<Feed>('/api/me/notifications');
  const [error, setError] = useState<ApiError | null>(null);

  async function markRead(n: Notification) {
    setError(null);
    try {
      await api.post(`/api/me/notifications/${encodeURIComponent(n.id)}/read`, {});
      const now = new Date().toISOString();
      feed.setData(
        (prev) =>
          prev && {
            unread: Math.max(0, prev.unread - 1),
            items: prev.items.map((i) => (i.id === n.id ? { ...i, readAt: now } : i)),
          },
      );
      announce(t('home.markedRead'));
    } catch (err) {
      setError(toApiError(err));
    }
  }

  const unread = feed.data?.unread ?? 0;
  return (
    <section className="card" aria-labelledby="notifications-heading">
      <div className="card-head">
        <h2 id="notifications-heading">{t('home.notifications')}</h2>
        {unread > 0 && (
          <Badge tone="info">
            {unread === 1 ? t('home.unreadOne') : t('home.unreadMany', { count: unread })}
          </Badge>
        )}
      </div>
      {feed.loading && <Loading />}
      {feed.error && <ErrorNotice error={feed.error} onRetry={feed.reload} />}
      {error && <ErrorNotice error={error} />}
      {feed.data && feed.data.items.length === 0 && <Empty>{t('home.noNotifications')}</Empty>}
      {feed.data && feed.data.items.length > 0 && (
        <ul className="notification-list">
          {feed.data.items.map((n) => (
            <li key={n.id} className={`notification${n.readAt ? '' : ' notification-unread'}`}>
              <div className="notification-head">
                <h3>{n.title}</h3>
                {!n.readAt && <Badge tone="info">{t('home.new')}</Badge>}
              </div>
              <p>{n.body}</p>
              <div className="notification-foot">
                <time dateTime={n.createdAt} className="muted small">
                  {formatDateTime(n.createdAt)}
                </time>
                <span className="actions">
                  {n.link?.startsWith('/') && (
                    <Link
                      to={n.link}
                      className="btn btn-quiet btn-small"
                      aria-label={`${t('home.open')}: ${n.title}`}
                    >
                      {t('home.open')}
                    </Link>
                  )}
                  {!n.readAt && (
                    <button
                      type="button"
                      className="btn btn-quiet btn-small"
                      aria-label={`${t('home.markRead')}: ${n.title}`}
                      onClick={() => void markRead(n)}
                    >
                      {t('home.markRead')}
                    </button>
                  )}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
