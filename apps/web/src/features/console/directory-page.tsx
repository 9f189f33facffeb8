import type { Directory, ProviderSummary, SchedulingSettings, VisitType } from '@accompany/contracts';
import { useState } from 'react';
import { api, request, toApiError, type ApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { useI18n } from '../../app/i18n/i18n';
import { Page, Section } from '../../app/layout/page';
import { TextField } from '../../app/ui/field';
import { ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import { ConsoleNav } from './console-nav';

function ProviderRow({ p, onSaved }: { p: ProviderSummary; onSaved: (e: ApiError | null) => void }) {
  const { t } = useI18n();
  const [accepting, setAccepting] = useState(p.acceptingNewPatients);
  const [bio, setBio] = useState(p.bio);
  return (
    <li className="row">
      <form
        className="form"
        aria-label={p.name}
        onSubmit={(e) => {
          e.preventDefault();
          api
            .patch(`/api/staff/providers/${p.id}`, { acceptingNewPatients: accepting, bio: bio.trim() })
            .then(
              () => onSaved(null),
              (err: unknown) => onSaved(toApiError(err)),
            );
        }}
      >
        <div className="row-title">
          <strong>{p.name}</strong>
        </div>
        <p className="row-meta">
          {p.specialties.join(', ')} · {p.languages.join(', ')}
        </p>
        <label>
          <input type="checkbox" checked={accepting} onChange={(e) => setAccepting(e.target.checked)} />{' '}
          {t('dir.accepting')}
        </label>
        <TextField label={t('dir.bio')} name={`bio-${p.id}`} value={bio} onChange={setBio} maxLength={1000} />
        <button type="submit" className="btn btn-secondary btn-small">
          {t('dir.save')}
        </button>
      </form>
    </li>
  );
}

function VisitTypeRow({ v, onSaved }: { v: VisitType; onSaved: (e: ApiError | null) => void }) {
  const { t, locale } = useI18n();
  const [selfBookable, setSelfBookable] = useState(v.selfBookable);
  const [window, setWindow] = useState(String(v.cancelWindowHours));
  return (
    <li className="row">
      <form
        className="form"
        aria-label={locale === 'es' ? v.nameEs : v.nameEn}
        onSubmit={(e) => {
          e.preventDefault();
          api
            .patch(`/api/staff/visit-types/${v.id}`, { selfBookable, cancelWindowHours: Number(window) })
            .then(
              () => onSaved(null),
              (err: unknown) => onSaved(toApiError(err)),
            );
        }}
      >
        <div className="row-title">
          <strong>{locale === 'es' ? v.nameEs : v.nameEn}</strong>{' '}
          <span className="muted">{v.minutes} min</span>
        </div>
        <label>
          <input type="checkbox" checked={selfBookable} onChange={(e) => setSelfBookable(e.target.checked)} />{' '}
          {t('dir.selfBookable')}
        </label>
        <TextField
          label={t('dir.cancelWindow')}
          type="number"
          min={0}
          max={336}
          name={`window-${v.id}`}
          value={window}
          onChange={setWindow}
        />
        <button type="submit" className="btn btn-secondary btn-small">
          {t('dir.save')}
        </button>
      </form>
    </li>
  );
}

function ReminderSettings({ onSaved }: { onSaved: (e: ApiError | null) => void }) {
  const { t } = useI18n();
  const settings = useResource<SchedulingSettings>('/api/staff/scheduling-settings');
  const [hours, setHours] = useState<string | null>(null);
  const s = settings.data;
  if (!s) return null;
  const shown = hours ?? s.reminderOffsetsMinutes.map((m) => String(m / 60)).join(', ');
  return (
    <Section title={t('dir.reminders')}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          const offsets = shown
            .split(',')
            .map((h) => Math.round(Number(h.trim()) * 60))
            .filter((m) => Number.isFinite(m) && m > 0);
          request<SchedulingSettings>('PUT', '/api/staff/scheduling-settings', {
            ...s,
            reminderOffsetsMinutes: offsets,
          }).then(
            () => onSaved(null),
            (err: unknown) => onSaved(toApiError(err)),
          );
        }}
      >
        <TextField
          label={t('dir.reminderHours')}
          name="reminder-hours"
          value={shown}
          onChange={setHours}
          inputMode="decimal"
        />
        <button type="submit" className="btn btn-secondary btn-small">
          {t('dir.save')}
        </button>
      </form>
    </Section>
  );
}

export function DirectoryPage() {
  const { t } = useI18n();
  const directory = useResource<Directory>('/api/staff/directory');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const onSaved = (e: ApiError | null) => {
    setError(e);
    setSaved(e === null);
  };
  const d = directory.data;
  return (
    <Page title={t('dir.title')} width="wide">
      <ConsoleNav />
      {directory.loading && <Loading />}
      {directory.error && <ErrorNotice error={directory.error} />}
      {saved && <Notice tone="success">{t('dir.saved')}</Notice>}
      {error && <ErrorNotice error={error} />}
      {d && (
        <>
          <ReminderSettings onSaved={onSaved} />
          <Section title={t('dir.visitTypes')}>
            <ul className="rows">
              {d.visitTypes.map((v) => (
                <VisitTypeRow key={v.id} v={v} onSaved={onSaved} />
              ))}
            </ul>
          </Section>
          <Section title={t('dir.locations')}>
            <ul className="rows">
              {d.locations.map((l) => (
                <li key={l.id} className="row">
                  <strong>{l.name}</strong>
                  <p className="row-meta">
                    {l.line1}, {l.city} {l.state} {l.postalCode} · {l.timeZone} · {l.hours} ·{' '}
                    {l.accessibilityNotes}
                  </p>
                </li>
              ))}
            </ul>
          </Section>
          <Section title={t('dir.providers')}>
            <ul className="rows">
              {d.providers.map((p) => (
                <ProviderRow key={p.id} p={p} onSaved={onSaved} />
              ))}
            </ul>
          </Section>
        </>
      )}
    </Page>
  );
}
