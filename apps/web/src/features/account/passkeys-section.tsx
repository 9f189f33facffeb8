import { useRef, useState } from 'react';
import type { Passkey } from '@accompany/contracts';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { useI18n } from '../../app/i18n/i18n';
import { Section } from '../../app/layout/page';
import { api, ApiError, toApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { announce } from '../../app/flash';
import { Form, Submit, useForm } from '../../app/ui/form';
import { TextField } from '../../app/ui/field';
import { Empty, ErrorNotice, Loading, Notice } from '../../app/ui/feedback';

const supported = typeof window !== 'undefined' && typeof window.PublicKeyCredential !== 'undefined';

function PasskeyItem({ passkey, onRemoved }: { passkey: Passkey; onRemoved: (id: string) => void }) {
  const { t, formatDateTime } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const removeButton = useRef<HTMLButtonElement>(null);

  async function remove() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.del(`/api/me/passkeys/${encodeURIComponent(passkey.id)}`);
      onRemoved(passkey.id);
      announce(t('security.removed'));
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  }

  return (
    <li className="passkey">
      <div className="passkey-info">
        <strong>{passkey.name}</strong>
        <span className="muted small">
          {t('security.createdAt', { date: formatDateTime(passkey.createdAt) })}
          {' · '}
          {passkey.lastUsedAt
            ? t('security.lastUsed', { date: formatDateTime(passkey.lastUsedAt) })
            : t('security.neverUsed')}
        </span>
      </div>
      {error && <ErrorNotice error={error} />}
      {confirming ? (
        <div
          className="confirm"
          role="group"
          aria-label={t('security.removeConfirm', { name: passkey.name })}
        >
          <p>{t('security.removeConfirm', { name: passkey.name })}</p>
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-danger btn-small"
              ref={(el) => el?.focus()}
              onClick={() => void remove()}
              aria-disabled={busy || undefined}
            >
              {t('security.removeYes')}
            </button>
            <button
              type="button"
              className="btn btn-quiet btn-small"
              onClick={() => {
                setConfirming(false);
                window.requestAnimationFrame(() => removeButton.current?.focus());
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button
          ref={removeButton}
          type="button"
          className="btn btn-quiet btn-small"
          aria-label={`${t('security.remove')} ${passkey.name}`}
          onClick={() => setConfirming(true)}
        >
          {t('security.remove')}
        </button>
      )}
    </li>
  );
}

export function PasskeysSection() {
  const { t } = useI18n();
  const list = useResource<{ items: Passkey[] }>('/api/me/passkeys');
  const form = useForm({ name: '' });

  const add = form.onSubmit(async (v) => {
    const { startRegistration } = await import('@simplewebauthn/browser');
    const optionsJSON = await api.post<PublicKeyCredentialCreationOptionsJSON>(
      '/api/me/passkeys/options',
      {},
    );
    let response: RegistrationResponseJSON;
    try {
      response = await startRegistration({ optionsJSON });
    } catch {
      form.setAlert(t('security.cancelled'));
      return;
    }
    const name = v.name.trim() || t('security.passkeyDefault');
    const created = await api.post<Passkey>('/api/me/passkeys', { response, name });
    list.setData((prev) => ({ items: [created, ...(prev?.items ?? [])] }));
    form.setValues({ name: '' });
    announce(t('security.added'));
  });

  const items = list.data?.items ?? [];
  return (
    <Section title={t('security.passkeys')}>
      <p>{t('security.passkeysBody')}</p>
      {list.loading && <Loading />}
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {list.data && items.length === 0 && <Empty>{t('security.noPasskeys')}</Empty>}
      {items.length > 0 && (
        <ul className="passkey-list">
          {items.map((p) => (
            <PasskeyItem
              key={p.id}
              passkey={p}
              onRemoved={(id) =>
                list.setData((prev) => ({ items: (prev?.items ?? []).filter((i) => i.id !== id) }))
              }
            />
          ))}
        </ul>
      )}
      {supported ? (
        <Form form={form} onSubmit={add} className="form-inline">
          <TextField
            label={t('security.passkeyName')}
            hint={t('security.passkeyNameHint')}
            optional
            maxLength={60}
            autoComplete="off"
            {...form.field('name')}
          />
          <Submit busy={form.busy} busyLabel={t('security.addBusy')} variant="secondary">
            {t('security.addPasskey')}
          </Submit>
        </Form>
      ) : (
        <Notice>{t('security.unsupported')}</Notice>
      )}
    </Section>
  );
}
