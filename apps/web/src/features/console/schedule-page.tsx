import type { Appointment, Directory, PatientSummary, WaitlistEntry } from '@accompany/contracts';
import { useState } from 'react';
import { api, toApiError, withQuery, type ApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { useI18n } from '../../app/i18n/i18n';
import { Page, Section } from '../../app/layout/page';
import { SelectField, TextField } from '../../app/ui/field';
import { Badge, Empty, ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import { formatVisitTime, statusKey } from '../appointments/format';
import { localInputToIso } from './schedule-time';
import { ConsoleNav } from './console-nav';

function AppointmentActions({ a, onChange }: { a: Appointment; onChange: (error: ApiError | null) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [moveTo, setMoveTo] = useState('');
  const run = (p: Promise<unknown>) =>
    p.then(
      () => onChange(null),
      (e: unknown) => onChange(toApiError(e)),
    );
  if (a.status !== 'booked') return null;
  return (
    <div className="inline-form">
      {a.kind === 'visit' && (
        <button
          type="button"
          className="btn btn-secondary btn-small"
          onClick={() => run(api.post(`/api/staff/appointments/${a.id}/arrived`))}
        >
          {t('sched.arrived')}
        </button>
      )}
      <form
        className="form-inline"
        onSubmit={(e) => {
          e.preventDefault();
          run(api.post(`/api/staff/appointments/${a.id}/cancel`, { reason: reason.trim() }));
        }}
      >
        <TextField
          label={t('sched.cancelReason')}
          name={`reason-${a.id}`}
          value={reason}
          onChange={setReason}
          required
          maxLength={500}
        />
        <button type="submit" className="btn btn-danger btn-small">
          {t('sched.cancel')}
        </button>
      </form>
      {a.kind === 'visit' && (
        <form
          className="form-inline"
          onSubmit={(e) => {
            e.preventDefault();
            run(
              api.post(`/api/staff/appointments/${a.id}/move`, {
                start: localInputToIso(moveTo, a.timeZone),
              }),
            );
          }}
        >
          <TextField
            label={t('sched.move')}
            type="datetime-local"
            name={`move-${a.id}`}
            value={moveTo}
            onChange={setMoveTo}
            required
          />
          <button type="submit" className="btn btn-secondary btn-small">
            {t('sched.moveSubmit')}
          </button>
        </form>
      )}
    </div>
  );
}

function BookAndBlock({
  directory,
  providerId,
  locationId,
  zone,
  onDone,
}: {
  directory: Directory;
  providerId: string;
  locationId: string;
  zone: string;
  onDone: (e: ApiError | null) => void;
}) {
  const { t, locale } = useI18n();
  const [q, setQ] = useState('');
  const [patientId, setPatientId] = useState('');
  const [visitTypeId, setVisitTypeId] = useState(directory.visitTypes[0]?.id ?? '');
  const [start, setStart] = useState('');
  const [blockStart, setBlockStart] = useState('');
  const [blockEnd, setBlockEnd] = useState('');
  const [blockReason, setBlockReason] = useState('');
  const patients = useResource<{ items: PatientSummary[] }>(
    q.trim().length >= 2 ? withQuery('/api/staff/patients', { q: q.trim(), limit: '10' }) : null,
  );
  const run = (p: Promise<unknown>) =>
    p.then(
      () => onDone(null),
      (e: unknown) => onDone(toApiError(e)),
    );
  return (
    <>
      <Section title={t('sched.bookTitle')}>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            run(
              api.post('/api/staff/appointments', {
                patientId,
                providerId,
                locationId,
                visitTypeId,
                start: localInputToIso(start, zone),
              }),
            );
          }}
        >
          <TextField
            label={t('sched.patientSearch')}
            type="search"
            name="patient-q"
            value={q}
            onChange={setQ}
            autoComplete="off"
          />
          <SelectField
            label={t('sched.patientId')}
            name="patient"
            value={patientId}
            onChange={setPatientId}
            options={[
              { value: '', label: '—' },
              ...(patients.data?.items ?? []).map((p) => ({
                value: p.id,
                label: `${p.familyName}, ${p.givenName} (${p.mrn})`,
              })),
            ]}
          />
          <SelectField
            label={t('sched.visitType')}
            name="visit-type"
            value={visitTypeId}
            onChange={setVisitTypeId}
            options={directory.visitTypes.map((v) => ({
              value: v.id,
              label: `${locale === 'es' ? v.nameEs : v.nameEn} (${v.minutes} min)`,
            }))}
          />
          <TextField
            label={t('sched.start')}
            type="datetime-local"
            name="start"
            value={start}
            onChange={setStart}
            required
          />
          <button type="submit" className="btn btn-primary" disabled={!patientId}>
            {t('sched.bookSubmit')}
          </button>
        </form>
      </Section>
      <Section title={t('sched.blockTitle')}>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            run(
              api.post('/api/staff/blocks', {
                providerId,
                locationId,
                start: localInputToIso(blockStart, zone),
                end: localInputToIso(blockEnd, zone),
                reason: blockReason.trim(),
              }),
            );
          }}
        >
          <TextField
            label={t('sched.start')}
            type="datetime-local"
            name="block-start"
            value={blockStart}
            onChange={setBlockStart}
            required
          />
          <TextField
            label={t('sched.end')}
            type="datetime-local"
            name="block-end"
            value={blockEnd}
            onChange={setBlockEnd}
            required
          />
          <TextField
            label={t('sched.cancelReason')}
            name="block-reason"
            value={blockReason}
            onChange={setBlockReason}
            required
            maxLength={200}
          />
          <button type="submit" className="btn btn-secondary">
            {t('sched.blockSubmit')}
          </button>
        </form>
      </Section>
    </>
  );
}

export function SchedulePage() {
  const { t, locale, formatDateTime } = useI18n();
  const directory = useResource<Directory>('/api/staff/directory');
  const [providerId, setProviderId] = useState('');
  const [locationId, setLocationId] = useState('');
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [days, setDays] = useState('1');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const ready = providerId || locationId;
  const schedule = useResource<{ items: Appointment[] }>(
    ready
      ? withQuery('/api/staff/schedule', {
          providerId: providerId || null,
          locationId: locationId || null,
          from: date,
          days,
        })
      : null,
  );
  const waitlist = useResource<{ items: WaitlistEntry[] }>(
    withQuery('/api/staff/waitlist', { providerId: providerId || null }),
  );
  const d = directory.data;
  const provider = d?.providers.find((p) => p.id === providerId);
  const bookLocation = locationId || provider?.locationIds[0] || '';
  const zone = d?.locations.find((l) => l.id === bookLocation)?.timeZone ?? 'UTC';
  const done = (e: ApiError | null) => {
    setError(e);
    setSaved(e === null);
    schedule.reload();
    waitlist.reload();
  };
  return (
    <Page title={t('sched.title')} width="wide">
      <ConsoleNav />
      {directory.loading && <Loading />}
      {directory.error && <ErrorNotice error={directory.error} />}
      {d && (
        <form className="filters" aria-label={t('sched.title')} onSubmit={(e) => e.preventDefault()}>
          <SelectField
            label={t('sched.provider')}
            name="provider"
            value={providerId}
            onChange={setProviderId}
            options={[
              { value: '', label: t('sched.anyProvider') },
              ...d.providers.map((p) => ({ value: p.id, label: p.name })),
            ]}
          />
          <SelectField
            label={t('sched.location')}
            name="location"
            value={locationId}
            onChange={setLocationId}
            options={[
              { value: '', label: t('sched.anyLocation') },
              ...d.locations.map((l) => ({ value: l.id, label: l.name })),
            ]}
          />
          <TextField label={t('sched.date')} type="date" name="date" value={date} onChange={setDate} />
          <SelectField
            label={t('sched.view')}
            name="days"
            value={days}
            onChange={setDays}
            options={[
              { value: '1', label: t('sched.day') },
              { value: '7', label: t('sched.week') },
            ]}
          />
        </form>
      )}
      {saved && <Notice tone="success">{t('sched.done')}</Notice>}
      {error && <ErrorNotice error={error} />}
      {schedule.loading && <Loading />}
      {schedule.error && <ErrorNotice error={schedule.error} />}
      {schedule.data && schedule.data.items.length === 0 && <Empty>{t('sched.empty')}</Empty>}
      {schedule.data && schedule.data.items.length > 0 && (
        <ul className="rows" aria-label={t('sched.title')}>
          {schedule.data.items.map((a) => (
            <li key={a.id} className="row">
              <div className="row-title">
                <strong>{formatVisitTime(a.start, a.timeZone, locale)}</strong>
                <Badge
                  tone={a.status === 'checked_in' ? 'good' : a.status === 'cancelled' ? 'neutral' : 'info'}
                >
                  {t(statusKey(a.status))}
                </Badge>
              </div>
              <p className="row-meta">
                {a.kind === 'block'
                  ? t('sched.block', { reason: a.reason })
                  : `${a.patient?.name ?? ''} (${a.patient?.mrn ?? ''}) · ${a.visitType ? (locale === 'es' ? a.visitType.nameEs : a.visitType.nameEn) : ''}`}{' '}
                · {a.provider.name} · {a.location.name}
              </p>
              <AppointmentActions a={a} onChange={done} />
            </li>
          ))}
        </ul>
      )}
      {d && providerId && bookLocation && (
        <BookAndBlock
          directory={d}
          providerId={providerId}
          locationId={bookLocation}
          zone={zone}
          onDone={done}
        />
      )}
      <Section title={t('sched.waitlistTitle')}>
        {waitlist.data && waitlist.data.items.length === 0 && <Empty>{t('sched.waitlistEmpty')}</Empty>}
        <ul className="rows">
          {(waitlist.data?.items ?? []).map((w) => (
            <li key={w.id} className="row">
              <div className="row-title">
                <strong>{w.patient?.name}</strong>
                <Badge>{w.status}</Badge>
              </div>
              <p className="row-meta">
                {w.providerName} · {t('wait.waiting', { time: formatDateTime(w.beforeAt) })}
              </p>
            </li>
          ))}
        </ul>
      </Section>
    </Page>
  );
}
