import type { Directory, ProviderSummary, SchedulingSettings, VisitType } from '@accompany/contracts';
import { useState } from 'react';
import { api, request, toApiError, type ApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { useI18n } from '../../app/i18n/i18n';
import { Page, Section } from '../../app/layout/page';
import { SelectField, TextField } from '../../app/ui/field';
import { ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import { ConsoleNav } from './console-nav';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

/** Weekday hours and days off for one provider at one of their locations. */
function ProviderHours({
  p,
  locations,
  onSaved,
}: {
  p: ProviderSummary;
  locations: Directory['locations'];
  onSaved: (e: ApiError | null) => void;
}) {
  const { t } = useI18n();
  const [locationId, setLocationId] = useState(p.locationIds[0] ?? '');
  const [from, setFrom] = useState('08:00');
  const [to, setTo] = useState('17:00');
  const [dayOff, setDayOff] = useState('');
  const done = (promise: Promise<unknown>) =>
    promise.then(
      () => onSaved(null),
      (err: unknown) => onSaved(toApiError(err)),
    );
  const at = locations.filter((l) => p.locationIds.includes(l.id));
  return (
    <fieldset>
      <legend>{t('dir.hours')}</legend>
      <SelectField
        label={t('dir.at')}
        name={`at-${p.id}`}
        value={locationId}
        onChange={setLocationId}
        options={at.map((l) => ({ value: l.id, label: l.name }))}
      />
      <TextField label={t('dir.from')} type="time" name={`from-${p.id}`} value={from} onChange={setFrom} />
      <TextField label={t('dir.to')} type="time" name={`to-${p.id}`} value={to} onChange={setTo} />
      <button
        type="button"
        className="btn btn-secondary btn-small"
        onClick={() =>
          done(
            request('PUT', `/api/staff/providers/${p.id}/schedule`, {
              locationId,
              weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start: from, end: to }]])),
              dailyCap: null,
            }),
          )
        }
      >
        {t('dir.saveHours')}
      </button>
      <TextField
        label={t('dir.dayOff')}
        type="date"
        name={`off-${p.id}`}
        value={dayOff}
        onChange={setDayOff}
      />
      <button
        type="button"
        className="btn btn-secondary btn-small"
        disabled={!dayOff}
        onClick={() =>
          done(
            request('PUT', `/api/staff/providers/${p.id}/exceptions`, {
              locationId,
              date: dayOff,
              ranges: [],
              reason: 'Day off',
            }),
          )
        }
      >
        {t('dir.addDayOff')}
      </button>
    </fieldset>
  );
}

function ProviderRow({
  p,
  locations,
  onSaved,
}: {
  p: ProviderSummary;
  locations: Directory['locations'];
  onSaved: (e: ApiError | null) => void;
}) {
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
      <ProviderHours p={p} locations={locations} onSaved={onSaved} />
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
                <ProviderRow key={p.id} p={p} locations={d.locations} onSaved={onSaved} />
              ))}
            </ul>
          </Section>
        </>
      )}
    </Page>
  );
}
