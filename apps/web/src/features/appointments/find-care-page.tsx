import type { Appointment, OpenSlot, SearchResponse, SearchResult } from '@accompany/contracts';
import { useState } from 'react';
import { api, toApiError, withQuery, type ApiError } from '../../app/api/client';
import { useI18n } from '../../app/i18n/i18n';
import { Page } from '../../app/layout/page';
import { navigate } from '../../app/router/router';
import { setFlash } from '../../app/flash';
import { SelectField, TextField } from '../../app/ui/field';
import { Badge, Empty, ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import { formatVisitTime } from './format';

interface Choice {
  result: SearchResult;
  slot: OpenSlot;
  /** The time is held for a few minutes while the patient confirms. */
  holdId: string;
  /** The booking attempt's Idempotency-Key: pressing Book again after a lost answer books once. */
  attemptKey: string;
}

export function FindCarePage() {
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const [zip, setZip] = useState('');
  const [when, setWhen] = useState('');
  const [fromDate, setFromDate] = useState('');
  const [coords, setCoords] = useState<{ lat: string; lon: string } | null>(null);
  const [locationNote, setLocationNote] = useState<string | null>(null);
  const [language, setLanguage] = useState('');
  const [sort, setSort] = useState('nearest');
  const [results, setResults] = useState<SearchResponse | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [note, setNote] = useState('');
  const [booking, setBooking] = useState(false);
  const [taken, setTaken] = useState(false);

  async function search() {
    setLoading(true);
    setError(null);
    setChoice(null);
    try {
      const path = withQuery('/api/scheduling/search', {
        reason: reason.trim() || null,
        zip: coords ? null : zip.trim() || null,
        lat: coords?.lat ?? null,
        lon: coords?.lon ?? null,
        when: when || null,
        from: fromDate || null,
        language: language || null,
        sort: zip.trim() || coords ? sort : 'soonest',
      });
      setResults(await api.get<SearchResponse>(path));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setLoading(false);
    }
  }

  /** Holds the picked time so nobody else takes it while the patient confirms. */
  async function pick(result: SearchResult, slot: OpenSlot) {
    setTaken(false);
    setError(null);
    try {
      const hold = await api.post<Appointment>('/api/appointments/holds', {
        providerId: result.provider.id,
        locationId: result.location.id,
        visitTypeId: result.visitType.id,
        start: slot.start,
      });
      setChoice({ result, slot, holdId: hold.id, attemptKey: crypto.randomUUID() });
    } catch (err) {
      const e = toApiError(err);
      if (e.status === 409) {
        setTaken(true);
        void search();
      } else setError(e);
    }
  }

  async function book() {
    if (!choice) return;
    setBooking(true);
    setTaken(false);
    try {
      const appointment = await api.post<Appointment>(
        '/api/appointments',
        {
          providerId: choice.result.provider.id,
          locationId: choice.result.location.id,
          visitTypeId: choice.result.visitType.id,
          start: choice.slot.start,
          holdId: choice.holdId,
          ...(note.trim() ? { reason: note.trim() } : {}),
        },
        { idempotencyKey: choice.attemptKey },
      );
      setFlash({ key: 'find.booked' });
      navigate(`/appointments/${appointment.id}`);
    } catch (err) {
      const e = toApiError(err);
      if (e.status === 409) {
        setTaken(true);
        setChoice(null);
        void search();
      } else setError(e);
    } finally {
      setBooking(false);
    }
  }

  const visitName = (r: SearchResult) => (locale === 'es' ? r.visitType.nameEs : r.visitType.nameEn);
  return (
    <Page title={t('find.title')} lead={t('find.lead')}>
      <form
        className="form"
        aria-label={t('find.title')}
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <TextField
          label={t('find.reason')}
          hint={t('find.reasonHint')}
          name="reason"
          value={reason}
          onChange={setReason}
          maxLength={100}
        />
        <TextField
          label={t('find.zip')}
          name="zip"
          value={zip}
          onChange={(v) => {
            setZip(v);
            setCoords(null);
            setLocationNote(null);
          }}
          inputMode="numeric"
          maxLength={5}
          pattern="\d{5}"
          optional
        />
        <SelectField
          label={t('find.when')}
          name="when"
          value={when}
          onChange={setWhen}
          options={[
            { value: '', label: t('find.when.any') },
            { value: 'this_week', label: t('find.when.week') },
            { value: 'mornings', label: t('find.when.mornings') },
            { value: 'afternoons', label: t('find.when.afternoons') },
          ]}
        />
        {'geolocation' in navigator && (
          <p>
            <button
              type="button"
              className="btn btn-quiet btn-small"
              onClick={() =>
                navigator.geolocation.getCurrentPosition(
                  (p) => {
                    // Four decimals (about 10 m) is plenty for "nearest" and says less about the patient.
                    setCoords({ lat: p.coords.latitude.toFixed(4), lon: p.coords.longitude.toFixed(4) });
                    setLocationNote(t('find.usingLocation'));
                  },
                  () => {
                    setCoords(null);
                    setLocationNote(t('find.locationDenied'));
                  },
                  { maximumAge: 600_000, timeout: 10_000 },
                )
              }
            >
              {t('find.useLocation')}
            </button>
            {locationNote && <span className="muted small"> {locationNote}</span>}
          </p>
        )}
        <TextField
          label={t('find.from')}
          type="date"
          name="from"
          value={fromDate}
          onChange={setFromDate}
          optional
        />
        <SelectField
          label={t('find.language')}
          name="language"
          value={language}
          onChange={setLanguage}
          options={[
            { value: '', label: t('find.language.any') },
            { value: 'es', label: 'Español' },
            { value: 'en', label: 'English' },
            { value: 'zh', label: '中文' },
            { value: 'vi', label: 'Tiếng Việt' },
          ]}
        />
        <SelectField
          label={t('find.sort')}
          name="sort"
          value={sort}
          onChange={setSort}
          options={[
            { value: 'nearest', label: t('find.sort.nearest') },
            { value: 'soonest', label: t('find.sort.soonest') },
          ]}
        />
        <button type="submit" className="btn btn-primary btn-block">
          {t('find.search')}
        </button>
      </form>
      {loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      {taken && <Notice tone="warning">{t('find.taken')}</Notice>}
      {choice && (
        <section className="card" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">{t('find.confirmTitle')}</h2>
          <p>
            <strong>{formatVisitTime(choice.slot.start, choice.result.location.timeZone, locale)}</strong>
            <br />
            {choice.result.provider.name} · {visitName(choice.result)}
            <br />
            {choice.result.location.name}, {choice.result.location.line1}, {choice.result.location.city}
          </p>
          <TextField
            label={t('find.reasonField')}
            name="note"
            value={note}
            onChange={setNote}
            maxLength={500}
            optional
          />
          <div className="form-actions">
            <button type="button" className="btn btn-primary" disabled={booking} onClick={() => void book()}>
              {booking ? t('find.booking') : t('find.book')}
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => setChoice(null)}>
              {t('find.cancelPick')}
            </button>
          </div>
        </section>
      )}
      {results?.emergency && (
        <div role="alert" className="notice notice-error">
          {t('find.emergency')}
        </div>
      )}
      {results && !results.emergency && results.items.length === 0 && <Empty>{t('find.noResults')}</Empty>}
      {results && results.items.length > 0 && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t('find.results')}</h2>
          <ul className="rows">
            {results.items.map((r) => (
              <li key={`${r.provider.id}-${r.location.id}`} className="row">
                <div className="row-title">
                  <strong>{r.provider.name}</strong>
                  {r.distanceMiles !== null && (
                    <Badge>{t('find.miles', { miles: String(r.distanceMiles) })}</Badge>
                  )}
                  {!r.provider.acceptingNewPatients && <Badge tone="warn">{t('find.notAccepting')}</Badge>}
                </div>
                <p className="row-meta">
                  {visitName(r)} · {r.location.name}, {r.location.city}
                </p>
                {r.nextSlots.length === 0 ? (
                  <p className="muted">{t('find.noTimes')}</p>
                ) : (
                  <div
                    className="badges"
                    role="group"
                    aria-label={`${t('find.nextTimes')}: ${r.provider.name}`}
                  >
                    {r.nextSlots.map((slot) => {
                      const time = formatVisitTime(slot.start, r.location.timeZone, locale);
                      return (
                        <button
                          key={slot.start}
                          type="button"
                          className="btn btn-secondary btn-small"
                          aria-label={t('find.pick', { time, name: r.provider.name })}
                          onClick={() => void pick(r, slot)}
                        >
                          {time}
                        </button>
                      );
                    })}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
