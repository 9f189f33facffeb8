import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link, navigate, useLocation } from '../../app/router/router';
import { api } from '../../app/api/client';
import { setFlash } from '../../app/flash';
import { Form, Submit, useForm } from '../../app/ui/form';
import { TextField } from '../../app/ui/field';
import { Notice } from '../../app/ui/feedback';
import { collect, password } from '../../app/validate';

export function ResetPasswordPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const token = query.get('token');
  const form = useForm({ password: '' });

  const submit = form.onSubmit(
    async (v) => {
      await api.post('/api/auth/password-reset/confirm', { token, password: v.password }, { quiet: true });
      setFlash({ key: 'auth.reset.done' });
      navigate('/sign-in');
    },
    (v) => collect({ password: password(v.password) }),
  );

  return (
    <Page title={t('auth.reset.title')} lead={token ? t('auth.reset.lead') : undefined}>
      {token ? (
        <div className="card">
          <Form form={form} onSubmit={submit}>
            <TextField
              label={t('auth.newPassword')}
              type="password"
              autoComplete="new-password"
              hint={t('auth.passwordHint')}
              {...form.field('password')}
            />
            <Submit busy={form.busy} busyLabel={t('auth.reset.busy')}>
              {t('auth.reset.submit')}
            </Submit>
          </Form>
        </div>
      ) : (
        <Notice tone="warning">{t('auth.missingToken')}</Notice>
      )}
      <p>
        <Link to="/forgot-password">{t('auth.signIn.forgot')}</Link>
      </p>
    </Page>
  );
}
