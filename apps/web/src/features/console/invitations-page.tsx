import { useState } from 'react';
import type { Invitation } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { localeLabel, roleLabel } from '../../app/i18n/labels';
import { supportedLocales } from '../../app/i18n/translate';
import { staffRoles } from '../../app/constants';
import { Page, Section } from '../../app/layout/page';
import { useSession } from '../../app/session';
import { api } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { announce } from '../../app/flash';
import { Form, Submit, useForm } from '../../app/ui/form';
import { SelectField, TextField } from '../../app/ui/field';
import { Badge, Empty, ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import { collect, email, personName } from '../../app/validate';
import { ConsoleNav } from './console-nav';

const statusTone = { pending: 'info', accepted: 'good', expired: 'neutral' } as const;

export function InvitationsPage() {
  const { t, locale, formatDate } = useI18n();
  const { info } = useSession();
  const list = useResource<{ items: Invitation[] }>('/api/staff/invitations');
  const [sent, setSent] = useState<string | null>(null);
  const initial = { email: '', givenName: '', familyName: '', role: 'clinician', locale: locale as string };
  const form = useForm(initial);

  const submit = form.onSubmit(
    async (v) => {
      setSent(null);
      const body = {
        email: v.email.trim(),
        givenName: v.givenName.trim(),
        familyName: v.familyName.trim(),
        role: v.role,
        locale: v.locale,
      };
      const created = await api.post<Invitation>('/api/staff/invitations', body);
      list.setData((prev) => ({
        items: [created, ...(prev?.items ?? []).filter((i) => i.id !== created.id)],
      }));
      form.setValues(initial);
      const message = t(info?.demo ? 'invitations.sentDemo' : 'invitations.sent', { email: created.email });
      setSent(message);
      announce(message);
    },
    (v) =>
      collect({
        email: email(v.email),
        givenName: personName(v.givenName),
        familyName: personName(v.familyName),
      }),
  );

  return (
    <Page title={t('console.invitations')} width="wide">
      <ConsoleNav />
      <Section title={t('invitations.new')}>
        <Form form={form} onSubmit={submit}>
          {sent && <Notice tone="success">{sent}</Notice>}
          <TextField
            label={t('invitations.email')}
            type="email"
            autoComplete="off"
            spellCheck={false}
            {...form.field('email')}
          />
          <div className="field-row">
            <TextField label={t('auth.givenName')} autoComplete="off" {...form.field('givenName')} />
            <TextField label={t('auth.familyName')} autoComplete="off" {...form.field('familyName')} />
          </div>
          <div className="field-row">
            <SelectField
              label={t('invitations.role')}
              options={staffRoles.map((r) => ({ value: r, label: roleLabel(t, r) }))}
              {...form.field('role')}
            />
            <SelectField
              label={t('invitations.language')}
              options={supportedLocales.map((l) => ({ value: l, label: localeLabel(t, l) }))}
              {...form.field('locale')}
            />
          </div>
          <Submit busy={form.busy} busyLabel={t('invitations.busy')}>
            {t('invitations.submit')}
          </Submit>
        </Form>
      </Section>
      <Section title={t('invitations.list')}>
        {list.loading && <Loading />}
        {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
        {list.data && list.data.items.length === 0 && <Empty>{t('invitations.empty')}</Empty>}
        {list.data && list.data.items.length > 0 && (
          <ul className="rows rows-flat">
            {list.data.items.map((i) => (
              <li key={i.id} className="row">
                <span className="row-title">
                  {i.givenName} {i.familyName}
                </span>
                <span className="row-meta">
                  <span>{i.email}</span>
                  {i.status === 'pending' && (
                    <span>{t('invitations.expires', { date: formatDate(i.expiresAt) })}</span>
                  )}
                </span>
                <span className="badges">
                  <Badge tone="info">{roleLabel(t, i.role)}</Badge>
                  <Badge tone={statusTone[i.status]}>{t(`invitations.status.${i.status}` as const)}</Badge>
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </Page>
  );
}
