import { useEffect, useState } from 'react';
import type { SignInResult } from '@accompany/contracts';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { Link, navigate, useLocation } from '../../app/router/router';
import { safeNext } from '../../app/router/match';
import { homeFor, useSession } from '../../app/session';
import { api, ApiError } from '../../app/api/client';
import { Form, Submit, useForm } from '../../app/ui/form';
import { TextField } from '../../app/ui/field';
import { Notice } from '../../app/ui/feedback';
import { collect, email, required, signInCode } from '../../app/validate';
import { ResendVerification } from './resend-verification';

const supportsPasskeys = typeof window !== 'undefined' && typeof window.PublicKeyCredential !== 'undefined';

export function SignInPage() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const { query } = useLocation();
  const next = safeNext(query.get('next'));
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [unverified, setUnverified] = useState(false);
  const [passkeyBusy, setPasskeyBusy] = useState(false);
  const form = useForm({ email: '', password: '' });
  const totp = useForm({ code: '' });

  useEffect(() => {
    if (step === 'totp') totp.formRef.current?.querySelector('input')?.focus();
  }, [step, totp.formRef]);

  async function finish(result: SignInResult) {
    if (result.status === 'totp_required') {
      setStep('totp');
      return;
    }
    const user = await refresh();
    navigate(user?.mustEnrolTotp ? homeFor(user) : (next ?? homeFor(user)));
  }

  const signIn = form.onSubmit(
    async (v) => {
      try {
        const body = { email: v.email.trim(), password: v.password };
        await finish(await api.post<SignInResult>('/api/auth/sign-in', body, { quiet: true }));
      } catch (err) {
        if (err instanceof ApiError && err.code === 'email_not_verified') setUnverified(true);
        throw err;
      }
    },
    (v) => collect({ email: email(v.email), password: required(v.password) }),
  );

  const verify = totp.onSubmit(
    async (v) => {
      await finish(
        await api.post<SignInResult>('/api/auth/sign-in/totp', { code: v.code.trim() }, { quiet: true }),
      );
    },
    (v) => collect({ code: signInCode(v.code) }),
  );

  async function passkey() {
    if (passkeyBusy) return;
    setPasskeyBusy(true);
    form.setAlert(null);
    try {
      const { startAuthentication } = await import('@simplewebauthn/browser');
      const typed = form.values.email.trim();
      const optionsJSON = await api.post<PublicKeyCredentialRequestOptionsJSON>(
        '/api/auth/passkeys/sign-in/options',
        email(typed) === null ? { email: typed } : {},
        { quiet: true },
      );
      const response = await startAuthentication({ optionsJSON });
      await finish(
        await api.post<SignInResult>('/api/auth/passkeys/sign-in/verify', { response }, { quiet: true }),
      );
    } catch (err) {
      if (err instanceof ApiError) form.fail(err);
      else form.setAlert(t('auth.passkey.cancelled'));
    } finally {
      setPasskeyBusy(false);
    }
  }

  if (step === 'totp') {
    return (
      <Page title={t('auth.totp.title')} lead={t('auth.totp.lead')}>
        <div className="card">
          <Form form={totp} onSubmit={verify}>
            <TextField
              label={t('auth.totp.code')}
              {...totp.field('code')}
              autoComplete="one-time-code"
              autoCapitalize="off"
              autoCorrect="off"
              spellCheck={false}
              className="input-code"
            />
            <Submit busy={totp.busy} busyLabel={t('auth.totp.busy')}>
              {t('auth.totp.submit')}
            </Submit>
          </Form>
        </div>
        <p>
          <button
            type="button"
            className="btn-link"
            onClick={() => {
              form.setValues({ email: '', password: '' });
              totp.setValues({ code: '' });
              setStep('password');
            }}
          >
            {t('auth.totp.startOver')}
          </button>
        </p>
      </Page>
    );
  }

  return (
    <Page title={t('auth.signIn.title')} lead={t('auth.signIn.lead')}>
      <div className="card">
        <Form form={form} onSubmit={signIn}>
          {unverified && (
            <Notice tone="warning">
              <ResendVerification
                email={form.values.email.trim()}
                label={t('auth.unverified.resend')}
                done={t('auth.unverified.sent')}
              />
            </Notice>
          )}
          <TextField
            label={t('auth.email')}
            type="email"
            autoComplete="username webauthn"
            inputMode="email"
            spellCheck={false}
            {...form.field('email')}
          />
          <TextField
            label={t('auth.password')}
            type="password"
            autoComplete="current-password"
            {...form.field('password')}
          />
          <Submit busy={form.busy} busyLabel={t('auth.signIn.busy')}>
            {t('auth.signIn.submit')}
          </Submit>
          <p className="form-aside">
            <Link to="/forgot-password">{t('auth.signIn.forgot')}</Link>
          </p>
        </Form>
        {supportsPasskeys && (
          <>
            <p className="divider">
              <span>{t('auth.signIn.or')}</span>
            </p>
            <button
              type="button"
              className="btn btn-secondary btn-block"
              onClick={() => void passkey()}
              aria-disabled={passkeyBusy || undefined}
            >
              <KeyIcon />
              {passkeyBusy ? t('auth.passkey.busy') : t('auth.passkey.button')}
            </button>
          </>
        )}
      </div>
      <p className="center">
        {t('auth.signIn.newHere')} <Link to="/sign-up">{t('auth.signIn.createAccount')}</Link>
      </p>
    </Page>
  );
}

function KeyIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" className="icon">
      <circle cx="8" cy="12" r="4" fill="none" stroke="currentColor" strokeWidth="2" />
      <path
        d="M12 12h9M18 12v3M21 12v2"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </svg>
  );
}
