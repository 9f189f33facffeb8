import type { FhirResource } from '../../../fhir/types.js';
import type { AppointmentRow } from '../appointments.repository.js';
import { providerName } from '../../directory/directory.repository.js';
import { HOLD_EXPIRES_EXTENSION, SLOT_IDENTIFIER_SYSTEM, VISIT_TYPE_SYSTEM } from './codes.js';

// Appointments as FHIR resources: the status words differ, the facts are the same.

const STATUS: Record<string, string> = {
  held: 'pending',
  booked: 'booked',
  checked_in: 'arrived',
  cancelled: 'cancelled',
  no_show: 'noshow',
  // A hold nobody booked in time: it never became a visit.
  expired: 'cancelled',
};

export interface SlotRef {
  providerId: string;
  locationId: string;
  visitTypeCode: string;
  start: Date;
}

/** A slot's stable name: the same provider, place, visit type and start always give the same value. */
export const slotKey = (s: SlotRef) =>
  `${s.providerId}|${s.locationId}|${s.visitTypeCode}|${s.start.toISOString()}`;

function participants(
  patientId: string | null,
  provider: { id: string; display?: string },
  locationId: string,
  status: string,
) {
  return [
    ...(patientId ? [{ actor: { reference: `Patient/${patientId}` }, required: 'required', status }] : []),
    {
      actor: {
        reference: `Practitioner/${provider.id}`,
        ...(provider.display ? { display: provider.display } : {}),
      },
      required: 'required',
      status: 'accepted',
    },
    { actor: { reference: `Location/${locationId}` }, required: 'required', status: 'accepted' },
  ];
}

export function appointmentOf(r: AppointmentRow): FhirResource {
  const status = STATUS[r.status] ?? 'booked';
  const visitCode = r.v_code;
  return {
    resourceType: 'Appointment',
    id: r.id,
    ...(r.status === 'held' && r.hold_expires_at
      ? { extension: [{ url: HOLD_EXPIRES_EXTENSION, valueDateTime: r.hold_expires_at.toISOString() }] }
      : {}),
    ...(visitCode
      ? {
          identifier: [
            {
              system: SLOT_IDENTIFIER_SYSTEM,
              value: slotKey({
                providerId: r.provider_id,
                locationId: r.location_id,
                visitTypeCode: visitCode,
                start: r.start_at,
              }),
            },
          ],
        }
      : {}),
    status,
    ...(status === 'cancelled' && r.cancel_reason ? { cancelationReason: { text: r.cancel_reason } } : {}),
    ...(visitCode
      ? {
          serviceType: [
            { coding: [{ system: VISIT_TYPE_SYSTEM, code: visitCode, display: r.v_name_en ?? visitCode }] },
          ],
        }
      : {}),
    ...(r.reason ? { reasonCode: [{ text: r.reason }] } : {}),
    start: r.start_at.toISOString(),
    end: r.end_at.toISOString(),
    minutesDuration: Math.round((r.end_at.getTime() - r.start_at.getTime()) / 60_000),
    participant: participants(
      r.patient_id,
      {
        id: r.provider_id,
        display: providerName({
          given_name: r.p_given,
          family_name: r.p_family,
          credentials: r.p_credentials,
        }),
      },
      r.location_id,
      r.status === 'held' ? 'tentative' : 'accepted',
    ),
  };
}

/** A free time offered by $find: not stored, named by its slot key. */
export function proposedAppointment(
  slot: SlotRef & { end: Date; visitTypeName: string; providerDisplay: string },
  patientId: string | null,
): FhirResource {
  return {
    resourceType: 'Appointment',
    identifier: [{ system: SLOT_IDENTIFIER_SYSTEM, value: slotKey(slot) }],
    status: 'proposed',
    serviceType: [
      { coding: [{ system: VISIT_TYPE_SYSTEM, code: slot.visitTypeCode, display: slot.visitTypeName }] },
    ],
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    minutesDuration: Math.round((slot.end.getTime() - slot.start.getTime()) / 60_000),
    participant: participants(
      patientId,
      { id: slot.providerId, display: slot.providerDisplay },
      slot.locationId,
      'needs-action',
    ),
  };
}
