import type { Appointment } from '@accompany/contracts';
import { useResource } from '../../app/api/use-resource';
import { useI18n } from '../../app/i18n/i18n';
import { Page, Section } from '../../app/layout/page';
import { Link } from '../../app/router/router';
import { Badge, Empty, ErrorNotice, Loading } from '../../app/ui/feedback';
import { formatVisitTime, statusKey } from './format';

function AppointmentRows({ items }: { items: Appointment[] }) {
  const { t, locale } = useI18n();
  return (
    <ul className="rows">
      {items.map((a) => (
        <li key={a.id} className="row row-linked">
          <div className="row-title">
            <Link to={`/appointments/${a.id}`}>{formatVisitTime(a.start, a.timeZone, locale)}</Link>
            <Badge tone={a.status === 'booked' || a.status === 'checked_in' ? 'good' : 'neutral'}>
              {t(statusKey(a.status))}
            </Badge>
          </div>
          <p className="row-meta">
            {a.provider.name} · {a.location.name}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function AppointmentsPage() {
  const { t } = useI18n();
  const list = useResource<{ items: Appointment[] }>('/api/appointments');
  const now = Date.now();
  const items = list.data?.items ?? [];
  const upcoming = items
    .filter((a) => ['booked', 'checked_in', 'held'].includes(a.status) && new Date(a.end).getTime() > now)
    .sort((a, b) => a.start.localeCompare(b.start));
  const past = items.filter((a) => !upcoming.includes(a));
  return (
    <Page title={t('appt.title')} lead={t('appt.lead')}>
      <p className="hero-actions">
        <Link to="/appointments/find" className="btn btn-primary">
          {t('appt.find')}
        </Link>
        <Link to="/appointments/waitlist" className="btn btn-secondary">
          {t('appt.waitlist')}
        </Link>
      </p>
      {list.loading && <Loading />}
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {list.data && items.length === 0 && <Empty>{t('appt.none')}</Empty>}
      {upcoming.length > 0 && (
        <Section title={t('appt.upcoming')}>
          <AppointmentRows items={upcoming} />
        </Section>
      )}
      {past.length > 0 && (
        <Section title={t('appt.past')}>
          <AppointmentRows items={past} />
        </Section>
      )}
    </Page>
  );
}
