import { useState } from 'react';
import { api, toApiError } from '../../app/api/client';
import { useI18n } from '../../app/i18n/i18n';
import { problemText } from '../../app/ui/feedback';

/** "Send the email again" button with its own polite status line. */
export function ResendVerification({ email, label, done }: { email: string; label: string; done: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);

  async function resend() {
    if (state === 'busy') return;
    setState('busy');
    setError(null);
    try {
      await api.post('/api/auth/resend-verification', { email }, { quiet: true });
      setState('done');
    } catch (err) {
      setError(problemText(toApiError(err), t));
      setState('idle');
    }
  }

  return (
    <div className="resend">
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() => void resend()}
        aria-disabled={state === 'busy' || undefined}
      >
        {label}
      </button>
      <p role="status" className="muted">
        {state === 'done' ? done : ''}
      </p>
      <div role="alert">{error && <p className="field-error">{error}</p>}</div>
    </div>
  );
}
