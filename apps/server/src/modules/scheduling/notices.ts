import type { Appointment } from '@accompany/contracts';
import type { Platform } from '../../platform/platform.js';
import type { Scope } from '../../platform/http/context.js';
import type { Tx } from '../../platform/db/database.js';
import type { NewJob } from '../../platform/jobs/queue.js';
import { queueEmail, type EmailRequest } from '../../platform/notify/outbox.js';
import type { Locale, TemplateName } from '../../platform/notify/templates.js';
import { notify, type InAppNotification } from '../../platform/notify/notifications.js';
import { DEFAULT_REMINDER_OFFSETS } from './booking-context.js';
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
  return `${formatterFor(zone, locale).format(new Date(start))} (${zone})`;
}

// Building a formatter costs far more than using one, and zones and languages are few.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string, locale: Locale): Intl.DateTimeFormat {
  const key = `${locale} ${zone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale === 'es' ? 'es-US' : 'en-US', {
      timeZone: zone,
      dateStyle: 'full',
      timeStyle: 'short',
    });
    formatters.set(key, formatter);
  }
  return formatter;
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

type AppointmentTemplate = Extract<
  TemplateName,
  'appointment_booked' | 'appointment_reminder' | 'appointment_cancelled'
>;

/** The mail about one appointment, in the patient's language (the caller knows they have an address). */
export function appointmentEmail(
  platform: Platform,
  appointment: Appointment,
  template: AppointmentTemplate,
  contact: PatientContact & { email: string },
): EmailRequest {
  const links = manageLink(platform, appointment);
  const visit = appointment.visitType
    ? contact.locale === 'es'
      ? appointment.visitType.nameEs
      : appointment.visitType.nameEn
    : '';
  return {
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
  };
}

/** The in-app notice beside the mail; reminders go by mail only (the feed already shows the booking). */
export function appointmentNotice(
  appointment: Appointment,
  template: AppointmentTemplate,
  contact: PatientContact,
): InAppNotification | null {
  if (!contact.userId || template === 'appointment_reminder') return null;
  return {
    userId: contact.userId,
    kind: template,
    title: inAppTitles[template][contact.locale],
    body: formatWhen(appointment.start, appointment.timeZone, contact.locale),
    link: `/appointments`,
  };
}

/** Mail about one appointment to its patient, in their language; nothing when they have no email. */
export async function mailAboutAppointment(
  scope: Scope,
  platform: Platform,
  appointment: Appointment,
  template: AppointmentTemplate,
  patientId: string | null,
): Promise<boolean> {
  if (!patientId) return false;
  const contact = await patientContact(scope.tx, patientId);
  if (!contact.email) return false;
  await queueEmail(
    scope,
    platform.jobs,
    appointmentEmail(platform, appointment, template, { ...contact, email: contact.email }),
  );
  const notice = appointmentNotice(appointment, template, contact);
  if (notice) await notify(scope, notice);
  return true;
}

/**
 * One reminder job per organization offset still ahead, and the no-show check after the end.
 * Each job carries the start it was planned for: after a reschedule, old jobs see another start
 * and do nothing, so moving a visit needs no job clean-up.
 */
export function appointmentJobs(appointment: Appointment, offsets: readonly number[], now: Date): NewJob[] {
  const start = new Date(appointment.start).getTime();
  const jobs: NewJob[] = offsets
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
  return jobs;
}

export async function planAppointmentJobs(
  scope: Scope,
  platform: Platform,
  appointment: Appointment,
  now: Date,
) {
  const settings = await scope.tx
    .selectFrom('scheduling_settings')
    .select('reminder_offsets_minutes')
    .executeTakeFirst();
  const offsets = settings?.reminder_offsets_minutes ?? DEFAULT_REMINDER_OFFSETS;
  // One insert for all of them: these jobs are due later, so no worker needs waking now.
  await platform.jobs
    .insertMany(scope.tx, scope.tenant.id, appointmentJobs(appointment, offsets, now))
    .execute();
}
