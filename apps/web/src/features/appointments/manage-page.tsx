import type { Appointment } from '@accompany/contracts';
import { useState } from 'react';
import { api, toApiError, type ApiError } from '../../app/api/client';
import { useResource } from '../../app/api/use-resource';
import { useI18n } from '../../app/i18n/i18n';
import { Page, Section } from '../../app/layout/page';
import { Link, useLocation } from '../../app/router/router';
import { TextField } from '../../app/ui/field';
import { ErrorNotice, Loading, Notice } from '../../app/ui/feedback';
import { AppointmentDetails } from './appointment-details';

/** The page a reminder's link opens: confirm or cancel without signing in; reschedule after signing in. */
export function ManageAppointmentPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const token = new URLSearchParams(search).get('token') ?? '';
  const found = useResource<Appointment>(
    token ? `/api/appointment-links/appointment?token=${encodeURIComponent(token)}` : null,
  );
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const a = found.data;
  const act = (path: string, body: object, done: string) => {
    setError(null);
    api.post<Appointment>(path, { token, ...body }).then(
      (updated) => {
        found.setData(() => updated);
        setMessage(done);
      },
      (e: unknown) => setError(toApiError(e)),
    );
  };
  return (
    <Page title={t('manage.title')}>
      {!token && <Notice tone="warning">{t('manage.invalid')}</Notice>}
      {found.loading && <Loading />}
      {found.error && <ErrorNotice error={found.error} />}
      {message && <Notice tone="success">{message}</Notice>}
      {error && <ErrorNotice error={error} />}
      {a && (
        <>
          <AppointmentDetails appointment={a} />
          {a.status === 'booked' && (
            <>
              {!a.confirmedAt && (
                <button
                  type="button"
                  className="btn btn-primary btn-block"
                  onClick={() => act('/api/appointment-links/confirm', {}, t('manage.confirmed'))}
                >
                  {t('manage.confirm')}
                </button>
              )}
              <p>
                <Link to={`/appointments/${a.id}`} className="btn btn-secondary">
                  {t('manage.signInToMove')}
                </Link>
              </p>
              <Section title={t('detail.cancel')}>
                <form
                  className="form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    act('/api/appointment-links/cancel', { reason: reason.trim() }, t('detail.cancelled'));
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
