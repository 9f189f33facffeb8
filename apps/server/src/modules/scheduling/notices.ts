import type { Appointment } from '@accompany/contracts';
import type { Platform } from '../../platform/platform.js';
import type { Scope } from '../../platform/http/context.js';
import type { Tx } from '../../platform/db/database.js';
import { queueEmail } from '../../platform/notify/outbox.js';
import type { Locale, TemplateName } from '../../platform/notify/templates.js';
import { notify } from '../../platform/notify/notifications.js';
import { signLink } from './links.js';

export const REMINDER_QUEUE = 'scheduling.reminder';
export const NO_SHOW_QUEUE = 'scheduling.no_show';
export const WAITLIST_QUEUE = 'scheduling.waitlist';
export const OFFER_EXPIRY_QUEUE = 'scheduling.offer_expiry';

const MINUTE = 60_000;
/** A booked visit nobody arrived for becomes a no-show this long after its end. */
export const NO_SHOW_GRACE_MINUTES = 30;

export interface PatientContact {
  userId: string | null;
  email: string | null;
  givenName: string;
  locale: Locale;
}

export async function patientContact(tx: Tx, patientId: string): Promise<PatientContact> {
  const row = await tx
    .selectFrom('patients as p')
    .leftJoin('users as u', (j) => j.onRef('u.patient_id', '=', 'p.id').on('u.disabled_at', 'is', null))
    .select([
      'p.given_name',
      'p.email',
      'p.preferred_locale',
      'u.id as user_id',
      'u.email as user_email',
      'u.locale',
    ])
    .where('p.id', '=', patientId)
    .executeTakeFirstOrThrow();
  const locale = (row.locale ?? row.preferred_locale) === 'es' ? 'es' : 'en';
  return { userId: row.user_id, email: row.user_email ?? row.email, givenName: row.given_name, locale };
}

/** "Tuesday, March 10, 2026 at 9:20 AM (America/New_York)", in the patient's language. */
export function formatWhen(start: string, zone: string, locale: Locale): string {
  const text = new Intl.DateTimeFormat(locale === 'es' ? 'es-US' : 'en-US', {
    timeZone: zone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(new Date(start));
  return `${text} (${zone})`;
}

export const manageLink = (platform: Platform, appointment: Appointment) => {
  const token = signLink(platform.keyring, {
    purpose: 'manage',
    id: appointment.id,
    expiresAt: new Date(appointment.end).getTime(),
  });
  return {
    token,
    page: `${platform.config.publicUrl}/appointments/manage?token=${token}`,
    calendar: `${platform.config.publicUrl}/api/appointment-links/calendar.ics?token=${token}`,
  };
};

/** In-app notification titles, in the patient's language (the feed shows them as they are). */
export const inAppTitles = {
  appointment_booked: { en: 'Appointment booked', es: 'Cita reservada' },
  appointment_cancelled: { en: 'Appointment cancelled', es: 'Cita cancelada' },
  waitlist_offer: { en: 'An earlier time opened', es: 'Se abrió un horario más pronto' },
} as const;

/** Mail about one appointment to its patient, in their language; nothing when they have no email. */
export async function mailAboutAppointment(
  scope: Scope,
  platform: Platform,
  appointment: Appointment,
  template: Extract<TemplateName, 'appointment_booked' | 'appointment_reminder' | 'appointment_cancelled'>,
  patientId: string | null,
): Promise<boolean> {
  if (!patientId) return false;
  const contact = await patientContact(scope.tx, patientId);
  if (!contact.email) return false;
  const links = manageLink(platform, appointment);
  const visit = appointment.visitType
    ? contact.locale === 'es'
      ? appointment.visitType.nameEs
      : appointment.visitType.nameEn
    : '';
  await queueEmail(scope, platform.jobs, {
    to: contact.email,
    userId: contact.userId,
    template,
    locale: contact.locale,
    data: {
      givenName: contact.givenName,
      when: formatWhen(appointment.start, appointment.timeZone, contact.locale),
      provider: `${appointment.provider.name} (${visit})`,
      place: `${appointment.location.name}, ${appointment.location.line1}, ${appointment.location.city}`,
      ...(template === 'appointment_cancelled' ? {} : { link: links.page, calendarLink: links.calendar }),
    },
  });
  if (contact.userId && template !== 'appointment_reminder') {
    // Reminders go by mail only: the feed already shows the booking.
    await notify(scope, {
      userId: contact.userId,
      kind: template,
      title: inAppTitles[template][contact.locale],
      body: formatWhen(appointment.start, appointment.timeZone, contact.locale),
      link: `/appointments`,
    });
  }
  return true;
}

/**
 * One reminder job per organization offset still ahead, and the no-show check after the end.
 * Each job carries the start it was planned for: after a reschedule, old jobs see another start
 * and do nothing, so moving a visit needs no job clean-up.
 */
export async function planAppointmentJobs(scope: Scope, appointment: Appointment, now: Date) {
  const settings = await scope.tx
    .selectFrom('scheduling_settings')
    .select('reminder_offsets_minutes')
    .executeTakeFirst();
  const offsets = settings?.reminder_offsets_minutes ?? [10080, 1440, 120];
  const start = new Date(appointment.start).getTime();
  const jobs = offsets
    .map((offset) => ({ offset, runAt: new Date(start - offset * MINUTE) }))
    .filter((r) => r.runAt > now)
    .map((r) => ({
      queue: REMINDER_QUEUE,
      payload: { appointmentId: appointment.id, start: appointment.start, offsetMinutes: r.offset },
      runAt: r.runAt,
    }));
  jobs.push({
    queue: NO_SHOW_QUEUE,
    payload: { appointmentId: appointment.id, start: appointment.start, offsetMinutes: 0 },
    runAt: new Date(new Date(appointment.end).getTime() + NO_SHOW_GRACE_MINUTES * MINUTE),
  });
  // One insert for all of them: these jobs are due later, so no worker needs waking now.
  await scope.tx
    .insertInto('jobs')
    .values(
      jobs.map((j) => ({
        tenant_id: scope.tenant.id,
        queue: j.queue,
        payload: JSON.stringify(j.payload),
        run_at: j.runAt,
      })),
    )
    .execute();
}
