import { useState } from 'react';
import { toApiError, type ApiError } from '../../app/api/client';
import { useI18n } from '../../app/i18n/i18n';
import { Link } from '../../app/router/router';
import { ErrorNotice, Notice } from '../../app/ui/feedback';
import { everything } from './fhir-api';
import type { RecordScope } from './record-views';

function save(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/fhir+json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The two ways to take the record away: the FHIR file, and a page made for printing. */
export function DownloadChoices({ scope }: { scope: RecordScope }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function download() {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const bundle = await everything(scope.patientId);
      const day = new Date().toISOString().slice(0, 10);
      save(`health-record-${day}.json`, JSON.stringify(bundle, null, 2));
      setDone(bundle.total ?? 0);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <div className="card">
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => void download()}
          aria-busy={busy || undefined}
        >
          {busy ? t('records.downloading') : t('records.downloadFhir')}
        </button>
        <p className="muted small">{t('records.downloadFhirHint')}</p>
        <div aria-live="polite">
          {done !== null && <Notice tone="success">{t('records.downloaded', { count: done })}</Notice>}
        </div>
        {error && <ErrorNotice error={error} onRetry={() => void download()} />}
      </div>
      <div className="card">
        <Link to={`${scope.base}/summary`} className="btn btn-secondary">
          {t('records.printable')}
        </Link>
      </div>
    </div>
  );
}
