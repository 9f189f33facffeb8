import { useId } from 'react';
import type { CreatedSmartClient } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { Section } from '../../app/layout/page';
import { api } from '../../app/api/client';
import { announce } from '../../app/flash';
import { Form, Submit, useForm } from '../../app/ui/form';
import { SelectField, TextField } from '../../app/ui/field';

/** A multi-line field with the same label, hint and error wiring as TextField. */
function TextArea(props: {
  label: string;
  hint: string;
  name: string;
  value: string;
  error: string | null;
  onChange: (v: string) => void;
}) {
  const id = `${useId()}-${props.name}`;
  return (
    <div className={`field${props.error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <p className="field-hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      {props.error && (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
      <textarea
        id={id}
        name={props.name}
        rows={4}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={`${id}-hint${props.error ? ` ${id}-error` : ''}`}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

export function NewAppForm({ onCreated }: { onCreated: (c: CreatedSmartClient) => void }) {
  const { t } = useI18n();
  const form = useForm({ name: '', redirectUris: '', type: 'public' });
  const submit = form.onSubmit(async (v) => {
    const created = await api.post<CreatedSmartClient>('/api/staff/smart-clients/apps', {
      name: v.name.trim(),
      redirectUris: v.redirectUris
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
      confidential: v.type === 'confidential',
    });
    form.setValues({ name: '', redirectUris: '', type: 'public' });
    onCreated(created);
    announce(t('consoleApps.created', { name: created.name }));
  });
  return (
    <Section title={t('consoleApps.newApp')}>
      <Form form={form} onSubmit={submit} label={t('consoleApps.newApp')}>
        <TextField label={t('consoleApps.name')} autoComplete="off" {...form.field('name')} />
        <TextArea
          label={t('consoleApps.redirects')}
          hint={t('consoleApps.redirectsHint')}
          {...form.field('redirectUris')}
        />
        <SelectField
          label={t('consoleApps.type')}
          {...form.field('type')}
          options={[
            { value: 'public', label: t('consoleApps.public') },
            { value: 'confidential', label: t('consoleApps.confidential') },
          ]}
        />
        <div className="form-actions">
          <Submit busy={form.busy}>{t('consoleApps.register')}</Submit>
        </div>
      </Form>
    </Section>
  );
}

export function NewBackendForm({ onCreated }: { onCreated: (c: CreatedSmartClient) => void }) {
  const { t } = useI18n();
  const form = useForm({ name: '', jwks: '', scopes: 'system/*.rs' });
  const submit = form.onSubmit(async (v) => {
    let jwks: unknown;
    try {
      jwks = JSON.parse(v.jwks);
    } catch {
      form.setAlert(t('consoleApps.jwksInvalid'));
      return;
    }
    const created = await api.post<CreatedSmartClient>('/api/staff/smart-clients/backends', {
      name: v.name.trim(),
      jwks,
      scopes: v.scopes.trim(),
    });
    form.setValues({ name: '', jwks: '', scopes: 'system/*.rs' });
    onCreated(created);
    announce(t('consoleApps.created', { name: created.name }));
  });
  return (
    <Section title={t('consoleApps.newBackend')}>
      <Form form={form} onSubmit={submit} label={t('consoleApps.newBackend')}>
        <TextField label={t('consoleApps.systemName')} autoComplete="off" {...form.field('name')} />
        <TextArea label={t('consoleApps.jwks')} hint={t('consoleApps.jwksHint')} {...form.field('jwks')} />
        <TextField
          label={t('consoleApps.scopes')}
          hint={t('consoleApps.scopesHint')}
          {...form.field('scopes')}
        />
        <div className="form-actions">
          <Submit busy={form.busy}>{t('consoleApps.register')}</Submit>
        </div>
      </Form>
    </Section>
  );
}
