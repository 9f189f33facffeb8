import type { ReactNode } from 'react';
import { useI18n, type Translate } from '../i18n/i18n';
import { ApiError } from '../api/client';
import { codeMessageKey } from '../api/problem';

/** The friendly, translated text for a failed request. */
export function problemText(err: ApiError, t: Translate): string {
  if (err.code === 'rate_limited' && err.retryAfter)
    return t('errors.rate_limited_seconds', { seconds: err.retryAfter });
  const key = codeMessageKey(err.code);
  if (key) return t(key);
  return err.problem.detail ?? (err.problem.title || t('errors.unknown'));
}

/** An assertive live region that is always in the DOM, so new messages are announced. */
export function FormAlert({ message }: { message: string | null }) {
  return (
    <div role="alert" aria-atomic="true" className={message ? 'notice notice-error' : 'visually-empty'}>
      {message}
    </div>
  );
}

export function ErrorNotice({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="notice notice-error">
      <p>{problemText(error, t)}</p>
      {onRetry && (
        <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Notice({
  tone = 'info',
  children,
}: {
  tone?: 'info' | 'success' | 'warning';
  children: ReactNode;
}) {
  return <div className={`notice notice-${tone}`}>{children}</div>;
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}

export function LoadMore({ hasMore, loading, onLoadMore }: LoadMoreProps) {
  const { t } = useI18n();
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <button
        type="button"
        className="btn btn-secondary"
        onClick={onLoadMore}
        aria-busy={loading || undefined}
      >
        {loading ? t('common.loadingMore') : t('common.loadMore')}
      </button>
    </div>
  );
}
