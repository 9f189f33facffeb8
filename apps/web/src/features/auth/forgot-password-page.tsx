import { useState } from 'react';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { api } from '../../app/api/client';
import { Form, Submit, useForm } from '../../app/ui/form';
import { TextField } from '../../app/ui/field';
import { collect, email } from '../../app/validate';

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({ email: '' });

  const submit = form.onSubmit(
    async (v) => {
      const address = v.email.trim();
      await api.post('/api/auth/password-reset/request', { email: address }, { quiet: true });
      setSentTo(address);
    },
    (v) => collect({ email: email(v.email) }),
  );

  return (
    <Page title={t('auth.forgot.title')} lead={sentTo ? undefined : t('auth.forgot.lead')}>
      <div className="card">
        {sentTo ? (
          <p role="status" className="notice notice-success">
            {t('auth.forgot.sent', { email: sentTo })}
          </p>
        ) : (
          <Form form={form} onSubmit={submit}>
            <TextField
              label={t('auth.email')}
              type="email"
              autoComplete="email"
              inputMode="email"
              spellCheck={false}
              {...form.field('email')}
            />
            <Submit busy={form.busy} busyLabel={t('auth.forgot.busy')}>
              {t('auth.forgot.submit')}
            </Submit>
          </Form>
        )}
      </div>
      <p>
        <Link to="/sign-in">{t('auth.backToSignIn')}</Link>
      </p>
    </Page>
  );
}
