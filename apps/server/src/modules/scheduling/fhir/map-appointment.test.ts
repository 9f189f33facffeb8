import { describe, expect, it } from 'vitest';
import type { AppointmentRow } from '../appointments.repository.js';
import { validate } from '../../../fhir/validation/validate.js';
import { appointmentOf, proposedAppointment, slotKey } from './map-appointment.js';
import { idIn, instantIn, operationInput } from './parameters.js';

const row = (over: Partial<AppointmentRow> = {}): AppointmentRow =>
  ({
    id: '11111111-1111-4111-8111-111111111111',
    kind: 'visit',
    status: 'booked',
    start_at: new Date('2027-03-02T15:00:00Z'),
    end_at: new Date('2027-03-02T15:20:00Z'),
    hold_expires_at: null,
    reason: '',
    cancel_reason: null,
    late_cancel: false,
    confirmed_at: null,
    checked_in_at: null,
    patient_id: '22222222-2222-4222-8222-222222222222',
    provider_id: '33333333-3333-4333-8333-333333333333',
    location_id: '44444444-4444-4444-8444-444444444444',
    visit_type_id: '55555555-5555-4555-8555-555555555555',
    p_given: 'Ana',
    p_family: 'Lopez',
    p_credentials: 'MD',
    l_name: 'Eastside',
    l_line1: '48 Union Street',
    l_city: 'Brooklyn',
    time_zone: 'America/New_York',
    v_code: 'sick',
    v_name_en: 'Sick visit',
    v_name_es: 'Consulta por enfermedad',
    v_mode: 'in_person',
    v_instructions_en: '',
    v_instructions_es: '',
    v_cancel_window_hours: 24,
    pt_given: 'Pat',
    pt_family: 'Doe',
    pt_mrn: 'MRN1',
    ...over,
  }) as AppointmentRow;

describe('appointments as FHIR', () => {
  it('maps every status', () => {
    const expected: Record<string, string> = {
      held: 'pending',
      booked: 'booked',
      checked_in: 'arrived',
      cancelled: 'cancelled',
      no_show: 'noshow',
      expired: 'cancelled',
    };
    for (const [status, fhir] of Object.entries(expected))
      expect(appointmentOf(row({ status })).status, status).toBe(fhir);
  });

  it('carries the hold expiry, the cancellation reason and the participants', () => {
    const held = appointmentOf(row({ status: 'held', hold_expires_at: new Date('2027-03-01T10:05:00Z') }));
    expect(held.extension).toEqual([
      { url: 'urn:accompany:fhir:hold-expires-at', valueDateTime: '2027-03-01T10:05:00.000Z' },
    ]);
    const cancelled = appointmentOf(row({ status: 'cancelled', cancel_reason: 'Better' }));
    expect(cancelled.cancelationReason).toEqual({ text: 'Better' });
    const refs = (cancelled.participant as { actor: { reference: string } }[]).map((p) => p.actor.reference);
    expect(refs).toEqual([
      'Patient/22222222-2222-4222-8222-222222222222',
      'Practitioner/33333333-3333-4333-8333-333333333333',
      'Location/44444444-4444-4444-8444-444444444444',
    ]);
    expect(cancelled.minutesDuration).toBe(20);
  });

  // Bookings store this mapping without running the validator on each write: this is the proof
  // that every shape it produces is a valid R4 Appointment.
  it('produces valid R4 Appointments in every shape', () => {
    const shapes = [
      ...['held', 'booked', 'checked_in', 'cancelled', 'no_show', 'expired'].map((status) => row({ status })),
      row({ status: 'held', hold_expires_at: new Date('2027-03-01T10:05:00Z') }),
      row({ status: 'cancelled', cancel_reason: 'Feeling better', reason: 'Sore throat' }),
      row({ reason: 'Knee pain', p_credentials: '' }),
      row({ v_code: null, v_name_en: null, visit_type_id: null }),
      row({ patient_id: null }),
    ];
    for (const shape of shapes) expect(() => validate(appointmentOf(shape)), shape.status).not.toThrow();
    // The validator does refuse a broken one, so the loop above can fail.
    expect(() => validate({ ...appointmentOf(row()), status: 42 } as never)).toThrow();
  });

  it('names a proposed slot the same way as the booked appointment', () => {
    const slot = {
      providerId: '33333333-3333-4333-8333-333333333333',
      locationId: '44444444-4444-4444-8444-444444444444',
      visitTypeCode: 'sick',
      start: new Date('2027-03-02T15:00:00Z'),
    };
    const proposed = proposedAppointment(
      { ...slot, end: new Date('2027-03-02T15:20:00Z'), visitTypeName: 'Sick visit', providerDisplay: 'Dr' },
      null,
    );
    expect(proposed.status).toBe('proposed');
    expect((proposed.identifier as { value: string }[])[0]!.value).toBe(slotKey(slot));
    expect((appointmentOf(row()).identifier as { value: string }[])[0]!.value).toBe(slotKey(slot));
  });
});

describe('operation parameters', () => {
  it('reads Parameters values and query strings alike', () => {
    const input = operationInput(
      {
        resourceType: 'Parameters',
        parameter: [
          { name: 'patient', valueReference: { reference: 'Patient/x' } },
          { name: 'service-type', valueCoding: { code: 'sick' } },
          { name: 'start', valueDate: '2027-03-01' },
        ],
      },
      { end: ['2027-03-05'] },
    );
    expect(input.text('patient')).toBe('Patient/x');
    expect(input.text('service-type')).toBe('sick');
    expect(input.text('end')).toBe('2027-03-05');
    expect(operationInput(undefined, { start: ['2027-03-01'] }).text('start')).toBe('2027-03-01');
  });

  it('refuses what is not Parameters, references of another type and bad times', () => {
    expect(() => operationInput({ resourceType: 'Appointment' }, {})).toThrow(/Parameters/);
    expect(() => idIn('Location/33333333-3333-4333-8333-333333333333', 'Practitioner', 'p')).toThrow();
    expect(idIn('Practitioner/33333333-3333-4333-8333-333333333333', 'Practitioner', 'p')).toBe(
      '33333333-3333-4333-8333-333333333333',
    );
    expect(() => instantIn('tomorrow', 'start')).toThrow();
    expect(instantIn('2027-03-01', 'start').toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });
});
