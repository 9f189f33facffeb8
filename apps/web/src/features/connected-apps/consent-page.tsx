import { useState, type FormEvent } from 'react';
import type { ConsentDecisionResult, ConsentRequest } from '@accompany/contracts';
import type { PageProps } from '../../app/routes';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { api, toApiError, type ApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { ErrorNotice, FormAlert, Loading, Notice } from '../../app/ui/feedback';
import { resourceLabel } from './scope-labels';
import './connected-apps.css';

/**
 * The consent screen of a SMART launch: an app sent the patient here through our OAuth server.
 * The patient sees the app and what it asks for in plain words, keeps what they want to share,
 * and allows or refuses; the browser then goes back through the OAuth server to the app.
 */
export function ConsentPage({ params }: PageProps) {
  const { t } = useI18n();
  const uid = params.uid ?? '';
  const request = useResource<ConsentRequest>(`/connect/${encodeURIComponent(uid)}/request`);
  if (request.loading) return <Page title={t('connectedApps.title')}>{<Loading />}</Page>;
  if (request.error || !request.data) {
    const expired = [403, 404, 409].includes(request.error?.status ?? 0);
    return (
      <Page title={t('connectedApps.title')}>
        {expired ? (
          <Notice tone="warning">{t('connect.expired')}</Notice>
        ) : (
          request.error && <ErrorNotice error={request.error} onRetry={request.reload} />
        )}
      </Page>
    );
  }
  return <ConsentForm uid={uid} request={request.data} />;
}

function ConsentForm({ uid, request }: { uid: string; request: ConsentRequest }) {
  const { t } = useI18n();
  const app = request.appName;
  const data = request.scopes.filter((s) => s.kind === 'data');
  const offline = request.scopes.find((s) => s.kind === 'offline');
  const [kept, setKept] = useState<Set<string>>(
    () => new Set(request.scopes.filter((s) => s.optional).map((s) => s.scope)),
  );
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  function toggle(scope: string, on: boolean) {
    setKept((prev) => {
      const next = new Set(prev);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });
  }

  async function decide(allow: boolean) {
    if (busy) return;
    if (allow && !data.some((s) => kept.has(s.scope))) {
      setAlert(t('connect.needOne'));
      return;
    }
    setBusy(true);
    setAlert(null);
    setError(null);
    try {
      const result = await api.post<ConsentDecisionResult>(`/connect/${encodeURIComponent(uid)}/decision`, {
        allow,
        scopes: allow ? [...kept] : [],
      });
      // Leave the web app: the OAuth server finishes the launch and returns to the app.
      window.location.assign(result.redirectTo);
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void decide(true);
  };

  return (
    <Page title={t('connect.title', { app })} lead={t('connect.lead', { app, host: request.redirectHost })}>
      <form className="form card consent" onSubmit={onSubmit} aria-busy={busy || undefined} noValidate>
        <FormAlert message={alert} />
        {error && <ErrorNotice error={error} />}
        <fieldset className="choices">
          <legend>{t('connect.choose', { app })}</legend>
          <p className="field-hint">{t('connect.chooseHint')}</p>
          {data.map((s) => (
            <label key={s.scope} className="choice">
              <input
                type="checkbox"
                name="scope"
                value={s.scope}
                checked={kept.has(s.scope)}
                onChange={(e) => toggle(s.scope, e.target.checked)}
              />
              <span>{resourceLabel(t, s.resourceType ?? '*')}</span>
            </label>
          ))}
        </fieldset>
        {offline && (
          <label className="choice">
            <input
              type="checkbox"
              name="offline"
              checked={kept.has(offline.scope)}
              onChange={(e) => toggle(offline.scope, e.target.checked)}
              aria-describedby="offline-hint"
            />
            <span>
              {t('connect.offline')}
              <span className="field-hint choice-hint" id="offline-hint">
                {t('connect.offlineHint')}
              </span>
            </span>
          </label>
        )}
        <p className="muted small">{t('connect.always', { app })}</p>
        <p className="muted small">{t('connect.changeLater')}</p>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" aria-disabled={busy || undefined}>
            {busy && <span className="spinner spinner-inline" aria-hidden="true" />}
            {t('connect.allow')}
          </button>
          <button
            type="button"
            className="btn btn-secondary"
            aria-disabled={busy || undefined}
            onClick={() => void decide(false)}
          >
            {t('connect.deny')}
          </button>
        </div>
        {busy && (
          <p className="muted small" role="status">
            {t('connect.going')}
          </p>
        )}
      </form>
    </Page>
  );
}
