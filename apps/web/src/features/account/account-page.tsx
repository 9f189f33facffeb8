import { useState } from 'react';
import type { Locale, Profile } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { localeLabel, roleLabel } from '../../app/i18n/labels';
import { Page, Section } from '../../app/layout/page';
import { useSession } from '../../app/session';
import { api } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { announce } from '../../app/flash';
import { Form, Submit, useForm } from '../../app/ui/form';
import { Facts, SelectField, TextField } from '../../app/ui/field';
import { ErrorNotice, Loading } from '../../app/ui/feedback';
import { collect, password, personName, phone, required } from '../../app/validate';
import { isLocale, supportedLocales } from '../../app/i18n/translate';
import { AccountNav } from './account-nav';

function ProfileForm({ profile, onSaved }: { profile: Profile; onSaved: (p: Profile) => void }) {
  const { t, setLocale } = useI18n();
  const { refresh } = useSession();
  const [saved, setSaved] = useState(false);
  const form = useForm({
    givenName: profile.givenName,
    familyName: profile.familyName,
    phone: profile.phone ?? '',
    locale: profile.locale as string,
  });

  const submit = form.onSubmit(
    async (v) => {
      setSaved(false);
      const locale: Locale = isLocale(v.locale) ? v.locale : 'en';
      const body = {
        givenName: v.givenName.trim(),
        familyName: v.familyName.trim(),
        phone: v.phone.trim() || null,
        locale,
      };
      const next = await api.patch<Profile>('/api/me/profile', body);
      setLocale(next.locale);
      onSaved(next);
      await refresh();
      setSaved(true);
      announce(t('account.saved'));
    },
    (v) =>
      collect({
        givenName: personName(v.givenName),
        familyName: personName(v.familyName),
        phone: phone(v.phone),
      }),
  );

  return (
    <Form form={form} onSubmit={submit}>
      <div className="field-row">
        <TextField label={t('auth.givenName')} autoComplete="given-name" {...form.field('givenName')} />
        <TextField label={t('auth.familyName')} autoComplete="family-name" {...form.field('familyName')} />
      </div>
      <TextField
        label={t('account.phone')}
        type="tel"
        autoComplete="tel"
        optional
        hint={t('account.phoneHint')}
        {...form.field('phone')}
      />
      <SelectField
        label={t('account.language')}
        hint={t('account.languageHint')}
        options={supportedLocales.map((l) => ({ value: l, label: localeLabel(t, l) }))}
        {...form.field('locale')}
      />
      <div className="form-actions">
        <Submit busy={form.busy} busyLabel={t('common.saving')}>
          {t('common.save')}
        </Submit>
        {saved && <span className="saved-mark">{t('common.saved')}</span>}
      </div>
    </Form>
  );
}

function PasswordForm({ email }: { email: string }) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  const form = useForm({ currentPassword: '', newPassword: '' });
  const submit = form.onSubmit(
    async (v) => {
      setDone(false);
      await api.post('/api/me/password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      form.setValues({ currentPassword: '', newPassword: '' });
      setDone(true);
      announce(t('account.passwordDone'));
    },
    (v) => collect({ currentPassword: required(v.currentPassword), newPassword: password(v.newPassword) }),
  );
  return (
    <Form form={form} onSubmit={submit}>
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <TextField
        label={t('account.currentPassword')}
        type="password"
        autoComplete="current-password"
        {...form.field('currentPassword')}
      />
      <TextField
        label={t('auth.newPassword')}
        type="password"
        autoComplete="new-password"
        hint={t('auth.passwordHint')}
        {...form.field('newPassword')}
      />
      <div className="form-actions">
        <Submit busy={form.busy} busyLabel={t('common.saving')}>
          {t('account.passwordSubmit')}
        </Submit>
        {done && <span className="saved-mark">{t('account.passwordDone')}</span>}
      </div>
    </Form>
  );
}

export function AccountPage() {
  const { t, formatDate } = useI18n();
  const profile = useResource<Profile>('/api/me/profile');
  const p = profile.data;
  return (
    <Page title={t('account.title')}>
      <AccountNav />
      {profile.loading && <Loading />}
      {profile.error && <ErrorNotice error={profile.error} onRetry={profile.reload} />}
      {p && (
        <>
          <Section title={t('account.profile')}>
            <ProfileForm profile={p} onSaved={(next) => profile.setData(() => next)} />
          </Section>
          <Section title={t('account.details')}>
            <Facts
              items={[
                { label: t('account.email'), value: p.email },
                ...(p.birthDate ? [{ label: t('account.birthDate'), value: formatDate(p.birthDate) }] : []),
                ...(p.mrn ? [{ label: t('account.mrn'), value: p.mrn }] : []),
                { label: t('account.role'), value: roleLabel(t, p.role) },
              ]}
            />
            <p className="muted small">{t('account.detailsNote')}</p>
          </Section>
          <Section title={t('account.password')}>
            <PasswordForm email={p.email} />
          </Section>
        </>
      )}
    </Page>
  );
}
