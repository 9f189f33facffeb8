import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { ScheduleContext } from './availability.service.js';
import type { PatientContact } from './notices.js';
import type { BusyInterval, DateException, WeeklyTemplate } from './slots.js';
import type { SlotChoice } from './slot-rules.js';

// Everything a booking reads before it claims its time, in one round trip: the visit type, the
// provider, their week at the location, the organization's reminder offsets, the patient's
// contact, the provider's busy time around the start (for buffers and daily caps) and an earlier
// booking under the same Idempotency-Key. Each part is a scalar subquery returning JSON, so the
// parts cannot multiply each other's rows. Row-level security applies to every part.

const DAY = 86_400_000;
/** How far after the requested start the context reads the provider's busy time. */
export const BUSY_READ_AFTER_START = 2 * DAY;

type VisitTypeRow = Selectable<Database['visit_types']>;
type ProviderRow = Selectable<Database['providers']>;

export interface BookingContext {
  visitType: VisitTypeRow | undefined;
  provider: ProviderRow | undefined;
  schedule: (ScheduleContext & { location: { name: string; line1: string; city: string } }) | undefined;
  reminderOffsets: number[];
  patient: (PatientContact & { familyName: string; mrn: string }) | undefined;
  /** Busy time of the provider from a day before the start to two days after it. */
  busy: BusyInterval[];
  earlier: { id: string; provider_id: string; start_at: Date; patient_id: string | null } | undefined;
}

export interface BookingContextRow {
  visit_type: VisitTypeRow | null;
  provider: ProviderRow | null;
  schedule: {
    id: string;
    weekly: WeeklyTemplate;
    daily_cap: number | null;
    time_zone: string;
    name: string;
    line1: string;
    city: string;
    exceptions: DateException[];
  } | null;
  reminder_offsets: number[] | null;
  patient: {
    given_name: string;
    family_name: string;
    mrn: string;
    email: string | null;
    user_id: string | null;
    locale: string | null;
  } | null;
  busy: { start: string; end: string; kind: BusyInterval['kind'] }[] | null;
  earlier: { id: string; provider_id: string; start_at: string; patient_id: string | null } | null;
}

/** The read, as the select list of the statement that also claims the time (see booking-claim.ts). */
export function bookingContextColumns(
  choice: SlotChoice,
  patientId: string,
  idempotency: { bookedBy: string; key: string } | null,
  now: Date,
) {
  const from = new Date(choice.start.getTime() - DAY);
  const to = new Date(choice.start.getTime() + BUSY_READ_AFTER_START);
  return sql`
      (select row_to_json(v) from visit_types v where v.id = ${choice.visitTypeId}) as visit_type,
      (select row_to_json(p) from providers p where p.id = ${choice.providerId}) as provider,
      (select json_build_object('id', s.id, 'weekly', s.weekly, 'daily_cap', s.daily_cap,
          'time_zone', l.time_zone, 'name', l.name, 'line1', l.line1, 'city', l.city,
          'exceptions', coalesce((select json_agg(json_build_object('date', to_char(e.on_date, 'YYYY-MM-DD'),
            'ranges', e.ranges)) from schedule_exceptions e where e.schedule_id = s.id), '[]'::json))
        from provider_schedules s join locations l on l.id = s.location_id
        where s.provider_id = ${choice.providerId} and s.location_id = ${choice.locationId}) as schedule,
      (select reminder_offsets_minutes from scheduling_settings) as reminder_offsets,
      (select json_build_object('given_name', p.given_name, 'family_name', p.family_name, 'mrn', p.mrn,
          'email', coalesce(u.email, p.email), 'user_id', u.id, 'locale', coalesce(u.locale, p.preferred_locale))
        from patients p left join users u on u.patient_id = p.id and u.disabled_at is null
        where p.id = ${patientId} limit 1) as patient,
      (select json_agg(json_build_object('start', a.start_at, 'end', a.end_at, 'kind',
          case when a.kind = 'block' then 'blocked' when a.status = 'held' then 'hold' else 'appointment' end))
        from appointments a
        where a.provider_id = ${choice.providerId} and a.status in ('held', 'booked', 'checked_in')
          and a.start_at < ${to} and a.end_at > ${from}
          and (a.status <> 'held' or a.hold_expires_at > ${now})) as busy,
      ${
        idempotency
          ? sql`(select json_build_object('id', a.id, 'provider_id', a.provider_id, 'start_at', a.start_at,
                'patient_id', a.patient_id) from appointments a
              where a.booked_by = ${idempotency.bookedBy} and a.idempotency_key = ${idempotency.key})`
          : sql`null::json`
      } as earlier`;
}

/** What the read's one row says. */
export function toBookingContext(r: BookingContextRow, choice: SlotChoice): BookingContext {
  return {
    visitType: r.visit_type ?? undefined,
    provider: r.provider ?? undefined,
    schedule: r.schedule
      ? {
          scheduleId: r.schedule.id,
          providerId: choice.providerId,
          locationId: choice.locationId,
          zone: r.schedule.time_zone,
          template: r.schedule.weekly,
          exceptions: r.schedule.exceptions,
          dailyCap: r.schedule.daily_cap,
          location: { name: r.schedule.name, line1: r.schedule.line1, city: r.schedule.city },
        }
      : undefined,
    reminderOffsets: r.reminder_offsets ?? DEFAULT_REMINDER_OFFSETS,
    patient: r.patient
      ? {
          userId: r.patient.user_id,
          email: r.patient.email,
          givenName: r.patient.given_name,
          familyName: r.patient.family_name,
          mrn: r.patient.mrn,
          locale: r.patient.locale === 'es' ? 'es' : 'en',
        }
      : undefined,
    busy: (r.busy ?? []).map((b) => ({ start: new Date(b.start), end: new Date(b.end), kind: b.kind })),
    earlier: r.earlier ? { ...r.earlier, start_at: new Date(r.earlier.start_at) } : undefined,
  };
}

/** The reminder offsets of an organization that has not set its own (7 days, 1 day, 2 hours). */
export const DEFAULT_REMINDER_OFFSETS = [10080, 1440, 120];
