import type { Appointment } from '@accompany/contracts';
import { audit } from '../../platform/audit/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { localToUtc } from './availability.js';
import {
  findAppointmentRow,
  patientAppointmentRows,
  scheduleRows,
  toAppointment,
  type AppointmentRow,
} from './appointments.repository.js';
import { releaseCells } from './claims.js';
import { mailAboutAppointment, WAITLIST_QUEUE } from './notices.js';
import { syncAppointment } from './fhir/sync.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Staff roles that see and run the schedule. */
export const scheduleStaff = ['admin', 'front_desk', 'clinician'] as const;

/**
 * One appointment for the signed-in actor: a patient only their own, staff any in the tenant.
 * A patient asking for someone else's gets "not found" (nothing learned) and a denied audit record.
 */
export async function appointmentForActor(
  scope: Scope,
  id: string,
  action: 'read' | 'update' = 'read',
): Promise<AppointmentRow> {
  const row = await findAppointmentRow(scope.tx, id);
  const actor = scope.actor;
  if (!row || !actor) throw notFound('The appointment');
  if (actor.role === 'patient' && row.patient_id !== actor.patientId) {
    await audit(scope, {
      action,
      objectType: 'Appointment',
      objectId: id,
      patientId: row.patient_id,
      outcome: 'denied',
    });
    throw new AppError('not_found', 'The appointment was not found', { keepWrites: true });
  }
  if (actor.role !== 'patient' && !(scheduleStaff as readonly string[]).includes(actor.role)) {
    throw new AppError('forbidden', 'Your role does not allow this');
  }
  return row;
}

export async function getAppointment(scope: Scope, id: string, now: Date): Promise<Appointment> {
  const row = await appointmentForActor(scope, id);
  await audit(scope, { action: 'read', objectType: 'Appointment', objectId: id, patientId: row.patient_id });
  return toAppointment(row, now, { withPatient: scope.actor?.role !== 'patient' });
}

export async function myAppointments(scope: Scope, now: Date): Promise<Appointment[]> {
  const patientId = scope.actor?.patientId;
  if (!patientId) throw new AppError('forbidden', 'Only patients have appointments here');
  const rows = await patientAppointmentRows(scope.tx, patientId);
  await audit(scope, { action: 'search', objectType: 'Appointment', objectId: null, patientId });
  return rows.map((r) => toAppointment(r, now, { withPatient: false }));
}

/** A provider's or a location's appointments and blocks over local days (staff day and week views). */
export async function scheduleView(
  scope: Scope,
  filter: {
    providerId?: string | undefined;
    locationId?: string | undefined;
    from: string;
    days: number;
    zone: string;
  },
  now: Date,
): Promise<Appointment[]> {
  if (!filter.providerId && !filter.locationId)
    throw new AppError('bad_request', 'Choose a provider or a location');
  const from = localToUtc(filter.from, '00:00', filter.zone);
  const to = new Date(from.getTime() + filter.days * DAY + 2 * HOUR);
  const rows = await scheduleRows(scope.tx, {
    providerId: filter.providerId,
    locationId: filter.locationId,
    from,
    to,
  });
  const patients = [...new Set(rows.map((r) => r.patient_id).filter((p): p is string => p !== null))];
  await audit(
    scope,
    patients.map((patientId) => ({
      action: 'search' as const,
      objectType: 'Appointment',
      objectId: null,
      patientId,
    })),
  );
  return rows.map((r) => toAppointment(r, now, { withPatient: true }));
}

export interface CancelOptions {
  reason: string;
  byStaff: boolean;
}

/**
 * Cancels a visit (or removes a block). Patients cannot cancel inside the visit type's window;
 * staff can, and such a cancellation is recorded as late. Cancelling twice is a 409.
 */
export async function cancelAppointment(
  scope: Scope,
  platform: Platform,
  row: AppointmentRow,
  options: CancelOptions,
  now: Date,
): Promise<Appointment> {
  const windowStart = row.start_at.getTime() - (row.v_cancel_window_hours ?? 0) * HOUR;
  const late = now.getTime() >= windowStart;
  if (late && !options.byStaff && row.kind === 'visit') {
    throw new AppError(
      'forbidden',
      `Within ${row.v_cancel_window_hours} hours of the visit it cannot be cancelled online: please call the clinic`,
    );
  }
  const done = await scope.tx
    .updateTable('appointments')
    .set({
      status: 'cancelled',
      hold_expires_at: null,
      cancelled_at: now,
      cancelled_by: scope.actor?.userId ?? null,
      cancel_reason: options.reason,
      late_cancel: late && row.kind === 'visit',
      updated_at: now,
    })
    .where('id', '=', row.id)
    .where('status', 'in', ['held', 'booked'])
    .returning('id')
    .executeTakeFirst();
  if (!done) throw new AppError('conflict', `This appointment is already ${row.status.replace('_', ' ')}`);
  await releaseCells(scope.tx, row.id);
  await syncAppointment(scope, row.id);
  await audit(scope, {
    action: 'update',
    objectType: 'Appointment',
    objectId: row.id,
    patientId: row.patient_id,
  });
  const appointment = toAppointment(
    { ...row, status: 'cancelled', cancel_reason: options.reason, late_cancel: late && row.kind === 'visit' },
    now,
    { withPatient: true },
  );
  if (row.kind === 'visit' && row.status === 'booked') {
    await mailAboutAppointment(scope, platform, appointment, 'appointment_cancelled', row.patient_id);
    // The freed time goes to the waitlist.
    await platform.jobs.enqueue(scope.tx, scope.tenant.id, WAITLIST_QUEUE, {
      providerId: row.provider_id,
      locationId: row.location_id,
      start: row.start_at.toISOString(),
      end: row.end_at.toISOString(),
    });
  }
  return {
    ...appointment,
    patient: scope.actor?.role === 'patient' || !scope.actor ? null : appointment.patient,
  };
}

export async function confirmAppointment(scope: Scope, row: AppointmentRow, now: Date): Promise<Appointment> {
  if (row.status !== 'booked')
    throw new AppError('conflict', `This appointment is ${row.status.replace('_', ' ')}`);
  await scope.tx
    .updateTable('appointments')
    .set({ confirmed_at: now, updated_at: now })
    .where('id', '=', row.id)
    .execute();
  await audit(scope, {
    action: 'update',
    objectType: 'Appointment',
    objectId: row.id,
    patientId: row.patient_id,
  });
  return toAppointment({ ...row, confirmed_at: now }, now, { withPatient: false });
}

/**
 * Arrival: the patient from the phone on the day of the visit (from midnight in the location's
 * zone until the visit ends), or the front desk at any time that day.
 */
export async function checkIn(
  scope: Scope,
  row: AppointmentRow,
  now: Date,
  byStaff: boolean,
): Promise<Appointment> {
  if (row.kind !== 'visit' || row.status !== 'booked') {
    throw new AppError(
      'conflict',
      `This appointment is ${row.status.replace('_', ' ')}: it cannot be checked in`,
    );
  }
  const dayStart = localToUtc(
    new Intl.DateTimeFormat('en-CA', { timeZone: row.time_zone }).format(row.start_at),
    '00:00',
    row.time_zone,
  );
  if (now < dayStart) throw new AppError('bad_request', 'Check-in opens on the day of the visit');
  if (!byStaff && now > row.end_at)
    throw new AppError('bad_request', 'This visit is over: please speak to the front desk');
  await scope.tx
    .updateTable('appointments')
    .set({ status: 'checked_in', checked_in_at: now, updated_at: now })
    .where('id', '=', row.id)
    .where('status', '=', 'booked')
    .execute();
  await syncAppointment(scope, row.id);
  await audit(scope, {
    action: 'update',
    objectType: 'Appointment',
    objectId: row.id,
    patientId: row.patient_id,
  });
  return toAppointment({ ...row, status: 'checked_in', checked_in_at: now }, now, { withPatient: byStaff });
}
