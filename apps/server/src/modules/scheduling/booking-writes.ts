import type { Appointment } from '@accompany/contracts';
import { auditInsert } from '../../platform/audit/audit.js';
import type { Statement } from '../../platform/db/together.js';
import type { Scope } from '../../platform/http/context.js';
import type { NewJob } from '../../platform/jobs/queue.js';
import { notificationInsert } from '../../platform/notify/notifications.js';
import { emailWrites } from '../../platform/notify/outbox.js';
import type { Platform } from '../../platform/platform.js';
import { toAppointment, type AppointmentRow } from './appointments.repository.js';
import type { BookingContext } from './booking-context.js';
import { newAppointmentWrites } from './fhir/sync.js';
import { appointmentEmail, appointmentJobs, appointmentNotice } from './notices.js';

// What follows a won claim, written in the claim's own statement: the audit records (the booking's and the
// FHIR store's), the FHIR Appointment's first version with its history and index rows, the
// confirmation mail's outbox row, the in-app notice, and every job of the visit (the mail's
// delivery, the reminders, the no-show check) in one multi-row insert. All of it commits with the
// claim or not at all, exactly as when each was its own statement.

/** What the booking read, with every part found (the checks refused the request otherwise). */
export type KnownBooking = BookingContext & {
  [K in 'visitType' | 'provider' | 'schedule' | 'patient']: NonNullable<BookingContext[K]>;
};

export interface WonClaim {
  id: string;
  patientId: string;
  start: Date;
  end: Date;
  reason: string;
}

/** The row `findAppointmentRow` would return for the appointment just inserted, without reading it. */
export function newAppointmentRow(context: KnownBooking, claim: WonClaim): AppointmentRow {
  const { visitType: v, provider: p, schedule: s, patient: pt } = context;
  return {
    id: claim.id,
    kind: 'visit',
    status: 'booked',
    start_at: claim.start,
    end_at: claim.end,
    hold_expires_at: null,
    reason: claim.reason,
    cancel_reason: null,
    late_cancel: false,
    confirmed_at: null,
    checked_in_at: null,
    patient_id: claim.patientId,
    provider_id: p.id,
    location_id: s.locationId,
    visit_type_id: v.id,
    p_given: p.given_name,
    p_family: p.family_name,
    p_credentials: p.credentials,
    l_name: s.location.name,
    l_line1: s.location.line1,
    l_city: s.location.city,
    time_zone: s.zone,
    v_code: v.code,
    v_name_en: v.name_en,
    v_name_es: v.name_es,
    v_mode: v.mode,
    v_instructions_en: v.instructions_en,
    v_instructions_es: v.instructions_es,
    v_cancel_window_hours: v.cancel_window_hours,
    pt_given: pt.givenName,
    pt_family: pt.familyName,
    pt_mrn: pt.mrn,
  };
}

/**
 * Everything a new booking causes, as statements for the claim's statement (see booking-claim.ts),
 * and the booked appointment as it will read once they are written.
 */
export function newBookingWrites(
  scope: Scope,
  platform: Platform,
  context: KnownBooking,
  claim: WonClaim,
  now: Date,
): { appointment: Appointment; statements: Statement[]; mails: boolean } {
  const row = newAppointmentRow(context, claim);
  const appointment = toAppointment(row, now, { withPatient: scope.actor?.role !== 'patient' });
  const fhir = newAppointmentWrites(scope, row);
  const statements: Statement[] = [
    auditInsert(scope, [
      { action: 'create', objectType: 'Appointment', objectId: claim.id, patientId: claim.patientId },
      ...fhir.audits,
    ]),
    ...fhir.statements,
  ];
  const jobs: NewJob[] = appointmentJobs(appointment, context.reminderOffsets, now);
  const contact = context.patient;
  if (contact.email) {
    const mail = emailWrites(
      scope,
      appointmentEmail(platform, appointment, 'appointment_booked', { ...contact, email: contact.email }),
    );
    statements.push(mail.outbox);
    jobs.push(mail.job);
    const notice = appointmentNotice(appointment, 'appointment_booked', contact);
    if (notice) statements.push(notificationInsert(scope, notice));
  }
  statements.push(platform.jobs.insertMany(scope.tx, scope.tenant.id, jobs));
  return { appointment, statements, mails: Boolean(contact.email) };
}
