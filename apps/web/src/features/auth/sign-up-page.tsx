import { useState } from 'react';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { api } from '../../app/api/client';
import { Form, Submit, useForm } from '../../app/ui/form';
import { TextField } from '../../app/ui/field';
import { collect, email, isoDate, password, personName } from '../../app/validate';
import { ResendVerification } from './resend-verification';

export function SignUpPage() {
  const { t, locale } = useI18n();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({ givenName: '', familyName: '', birthDate: '', email: '', password: '' });
  const today = new Date().toISOString().slice(0, 10);

  const submit = form.onSubmit(
    async (v) => {
      const body = {
        email: v.email.trim(),
        password: v.password,
        givenName: v.givenName.trim(),
        familyName: v.familyName.trim(),
        birthDate: v.birthDate,
        locale,
      };
      await api.post('/api/auth/register', body, { quiet: true });
      setSentTo(body.email);
    },
    (v) =>
      collect({
        givenName: personName(v.givenName),
        familyName: personName(v.familyName),
        birthDate: isoDate(v.birthDate, { past: true, today }),
        email: email(v.email),
        password: password(v.password),
      }),
  );

  if (sentTo) {
    return (
      <Page key="sent" title={t('auth.signUp.sentTitle')} autoFocus>
        <div className="card card-success">
          <p>{t('auth.signUp.sentBody', { email: sentTo })}</p>
          <p className="muted">{t('auth.signUp.sentHelp')}</p>
          <ResendVerification email={sentTo} label={t('auth.signUp.resend')} done={t('auth.signUp.resent')} />
        </div>
        <p>
          <Link to="/sign-in">{t('auth.backToSignIn')}</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page key="form" title={t('auth.signUp.title')} lead={t('auth.signUp.lead')}>
      <div className="card">
        <Form form={form} onSubmit={submit}>
          <div className="field-row">
            <TextField label={t('auth.givenName')} autoComplete="given-name" {...form.field('givenName')} />
            <TextField
              label={t('auth.familyName')}
              autoComplete="family-name"
              {...form.field('familyName')}
            />
          </div>
          <TextField
            label={t('auth.birthDate')}
            type="date"
            autoComplete="bday"
            max={today}
            min="1900-01-01"
            hint={t('auth.birthDateHint')}
            {...form.field('birthDate')}
          />
          <TextField
            label={t('auth.email')}
            type="email"
            autoComplete="email"
            inputMode="email"
            spellCheck={false}
            {...form.field('email')}
          />
          <TextField
            label={t('auth.password')}
            type="password"
            autoComplete="new-password"
            hint={t('auth.passwordHint')}
            {...form.field('password')}
          />
          <p className="muted small">{t('auth.signUp.privacy')}</p>
          <Submit busy={form.busy} busyLabel={t('auth.signUp.busy')}>
            {t('auth.signUp.submit')}
          </Submit>
        </Form>
      </div>
      <p className="center">
        {t('auth.signUp.haveAccount')} <Link to="/sign-in">{t('auth.signUp.signIn')}</Link>
      </p>
    </Page>
  );
}
