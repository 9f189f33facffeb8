import type { Appointment, Locale } from '@accompany/contracts';

/** A visit time in the location's zone, in the reader's language: "Tue, Mar 10, 9:20 AM". */
export function formatVisitTime(iso: string, zone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-US' : 'en-US', {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** Just the time of day, for slot buttons under a day heading. */
export function formatTimeOfDay(iso: string, zone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-US' : 'en-US', {
    timeZone: zone,
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** The message key of an appointment status. */
export const statusKey = (status: Appointment['status']) => `appt.status.${status}` as const;
