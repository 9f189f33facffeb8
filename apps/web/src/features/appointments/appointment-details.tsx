import type { Appointment } from '@accompany/contracts';
import { useI18n } from '../../app/i18n/i18n';
import { Badge } from '../../app/ui/feedback';
import { Facts } from '../../app/ui/field';
import { formatVisitTime, statusKey } from './format';

/** What a patient needs to know about one visit; shared by the signed-in and mail-link pages. */
export function AppointmentDetails({ appointment: a }: { appointment: Appointment }) {
  const { t, locale } = useI18n();
  const visit = a.visitType ? (locale === 'es' ? a.visitType.nameEs : a.visitType.nameEn) : '';
  const instructions = a.visitType
    ? locale === 'es'
      ? a.visitType.instructionsEs
      : a.visitType.instructionsEn
    : '';
  return (
    <>
      <p>
        <Badge tone={a.status === 'booked' || a.status === 'checked_in' ? 'good' : 'neutral'}>
          {t(statusKey(a.status))}
        </Badge>
        {a.lateCancel && <Badge tone="warn">{t('detail.late')}</Badge>}
      </p>
      <Facts
        items={[
          { label: t('detail.when'), value: formatVisitTime(a.start, a.timeZone, locale) },
          { label: t('detail.with'), value: a.provider.name },
          { label: t('detail.visit'), value: visit },
          { label: t('detail.where'), value: `${a.location.name}, ${a.location.line1}, ${a.location.city}` },
        ]}
      />
      {instructions && (
        <>
          <h2>{t('detail.instructions')}</h2>
          <p>{instructions}</p>
        </>
      )}
    </>
  );
}
