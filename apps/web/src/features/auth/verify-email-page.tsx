import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link, useLocation } from '../../app/router/router';
import { api, toApiError, type ApiError } from '../../app/api/client';
import { ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import { Form, Submit, useForm } from '../../app/ui/form';
import { TextField } from '../../app/ui/field';
import { collect, email } from '../../app/validate';

type State = { kind: 'missing' } | { kind: 'busy' } | { kind: 'done' } | { kind: 'failed'; error: ApiError };

export function VerifyEmailPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const token = query.get('token');
  const [state, setState] = useState<State>(token ? { kind: 'busy' } : { kind: 'missing' });
  const started = useRef<string | null>(null);

  useEffect(() => {
    // Tokens are single-use: never post the same one twice (StrictMode runs effects twice in development).
    if (!token || started.current === token) return;
    started.current = token;
    api.post('/api/auth/verify-email', { token }, { quiet: true }).then(
      () => setState({ kind: 'done' }),
      (err: unknown) => setState({ kind: 'failed', error: toApiError(err) }),
    );
  }, [token]);

  if (state.kind === 'done') {
    return (
      <Page key="done" title={t('auth.verify.doneTitle')} autoFocus>
        <div className="card card-success">
          <p>{t('auth.verify.doneBody')}</p>
          <p>
            <Link to="/sign-in" className="btn btn-primary">
              {t('auth.verify.signIn')}
            </Link>
          </p>
        </div>
      </Page>
    );
  }

  return (
    <Page title={t('auth.verify.title')}>
      {state.kind === 'busy' && <Loading label={t('auth.verify.busy')} />}
      {state.kind === 'missing' && <Notice tone="warning">{t('auth.missingToken')}</Notice>}
      {state.kind === 'failed' && <ErrorNotice error={state.error} />}
      {state.kind !== 'busy' && <NewLinkForm />}
    </Page>
  );
}

function NewLinkForm() {
  const { t } = useI18n();
  const [sent, setSent] = useState(false);
  const form = useForm({ email: '' });
  const submit = form.onSubmit(
    async (v) => {
      await api.post('/api/auth/resend-verification', { email: v.email.trim() }, { quiet: true });
      setSent(true);
    },
    (v) => collect({ email: email(v.email) }),
  );
  return (
    <div className="card">
      <p>{t('auth.verify.newLink')}</p>
      <Form form={form} onSubmit={submit}>
        <TextField label={t('auth.email')} type="email" autoComplete="email" {...form.field('email')} />
        <Submit busy={form.busy}>{t('auth.verify.sendNew')}</Submit>
        <p role="status">{sent ? t('auth.unverified.sent') : ''}</p>
      </Form>
    </div>
  );
}
