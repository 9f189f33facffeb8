import type { Appointment, SlotsResponse, WaitlistEntry } from '@accompany/contracts';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { useI18n } from '../../app/i18n/i18n';
import { Page, Section } from '../../app/layout/page';
import type { PageProps } from '../../app/routes';
import { TextField } from '../../app/ui/field';
import { ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import { AppointmentDetails } from './appointment-details';
import { formatVisitTime } from './format';

function Reschedule({
  appointment,
  onMoved,
}: {
  appointment: Appointment;
  onMoved: (a: Appointment) => void;
}) {
  const { t, locale } = useI18n();
  const from = new Date(Date.now()).toISOString().slice(0, 10);
  const slots = useResource<SlotsResponse>(
    appointment.visitType
      ? `/api/scheduling/providers/${appointment.provider.id}/slots?visitTypeId=${appointment.visitType.id}&locationId=${appointment.location.id}&from=${from}&days=14`
      : null,
  );
  const [error, setError] = useState<ApiError | null>(null);
  const choices = (slots.data?.slots ?? []).filter((s) => s.start !== appointment.start).slice(0, 12);
  return (
    <Section title={t('detail.reschedule')}>
      <p>{t('detail.rescheduleLead')}</p>
      {slots.loading && <Loading />}
      {error && <ErrorNotice error={error} />}
      <div className="badges" role="group" aria-label={t('detail.reschedule')}>
        {choices.map((s) => {
          const time = formatVisitTime(s.start, appointment.timeZone, locale);
          return (
            <button
              key={s.start}
              type="button"
              className="btn btn-secondary btn-small"
              aria-label={t('detail.move', { time })}
              onClick={() => {
                setError(null);
                api
                  .post<Appointment>(`/api/appointments/${appointment.id}/reschedule`, { start: s.start })
                  .then(onMoved, (e: unknown) => {
                    setError(toApiError(e));
                    slots.reload();
                  });
              }}
            >
              {time}
            </button>
          );
        })}
      </div>
    </Section>
  );
}

export function AppointmentPage({ params }: PageProps) {
  const { t, locale } = useI18n();
  const id = params.id ?? '';
  const found = useResource<Appointment>(`/api/appointments/${id}`);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const a = found.data;
  const upcoming = a && a.status === 'booked' && new Date(a.end).getTime() > Date.now();
  // Check-in opens on the day of the visit, in the clinic's time zone.
  const localDay = (d: Date, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(d);
  const today = a && localDay(new Date(a.start), a.timeZone) === localDay(new Date(), a.timeZone);
  const act = (promise: Promise<unknown>, done: string) => {
    setError(null);
    promise.then(
      (result) => {
        if (result && typeof result === 'object' && 'status' in result && 'start' in result)
          found.setData(() => result as Appointment);
        setMessage(done);
      },
      (e: unknown) => setError(toApiError(e)),
    );
  };
  return (
    <Page title={t('detail.title')}>
      {found.loading && <Loading />}
      {found.error && <ErrorNotice error={found.error} onRetry={found.reload} />}
      {message && <Notice tone="success">{message}</Notice>}
      {error && <ErrorNotice error={error} />}
      {a && (
        <>
          <AppointmentDetails appointment={a} />
          <p>
            <a
              className="btn btn-secondary"
              href={`/api/appointments/${a.id}/calendar.ics`}
              download="appointment.ics"
            >
              {t('detail.calendar')}
            </a>
          </p>
          {upcoming && today && (
            <button
              type="button"
              className="btn btn-primary btn-block"
              onClick={() => act(api.post(`/api/appointments/${a.id}/check-in`), t('detail.checkedIn'))}
            >
              {t('detail.checkIn')}
            </button>
          )}
          {upcoming && (
            <p className="muted">
              {a.selfServiceUntil
                ? t('detail.selfServiceUntil', {
                    time: formatVisitTime(a.selfServiceUntil, a.timeZone, locale),
                  })
                : t('detail.callToChange')}
            </p>
          )}
          {upcoming && (
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() =>
                act(api.post<WaitlistEntry>('/api/waitlist', { appointmentId: a.id }), t('detail.onWaitlist'))
              }
            >
              {t('detail.waitlist')}
            </button>
          )}
          {upcoming && a.selfServiceUntil && (
            <>
              <Reschedule
                appointment={a}
                onMoved={(moved) => {
                  found.setData(() => moved);
                  setMessage(t('detail.moved'));
                }}
              />
              <Section title={t('detail.cancel')}>
                <form
                  className="form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    act(
                      api.post(`/api/appointments/${a.id}/cancel`, { reason: reason.trim() }),
                      t('detail.cancelled'),
                    );
                  }}
                >
                  <TextField
                    label={t('detail.cancelReason')}
                    name="reason"
                    value={reason}
                    onChange={setReason}
                    required
                    maxLength={500}
                  />
                  <button type="submit" className="btn btn-danger">
                    {t('detail.cancel')}
                  </button>
                </form>
              </Section>
            </>
          )}
        </>
      )}
    </Page>
  );
}
