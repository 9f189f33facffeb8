import type { OpenSlot } from '@accompany/contracts';
import { assertAllowed, type FhirContext } from '../../../fhir/access.js';
import { FhirError, badRequest, issue, notFoundError } from '../../../fhir/operation-outcome.js';
import type { FhirResource } from '../../../fhir/types.js';
import { AppError } from '../../../platform/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { bookSlot, holdSlot, type SlotChoice } from '../booking.service.js';
import { VISIT_TYPE_SYSTEM } from './codes.js';
import { isStaffCaller, patientFor } from './find.js';
import { idIn, instantIn, type OperationInput } from './parameters.js';
import { syncAppointment } from './sync.js';

// Appointment/$hold and $book: the app's hold and book use cases, called with what the
// Appointment names. The database's slot cells decide who wins a time, as for the app.

interface Participant {
  actor?: { reference?: unknown };
}

function referenceOf(appointment: FhirResource, type: string): string | undefined {
  const list = (Array.isArray(appointment.participant) ? appointment.participant : []) as Participant[];
  const found = list.find(
    (p) => typeof p?.actor?.reference === 'string' && p.actor.reference.startsWith(`${type}/`),
  );
  return found?.actor?.reference as string | undefined;
}

function appointmentParam(input: OperationInput): FhirResource {
  const appointment = input.resource('appointment');
  if (!appointment) throw badRequest('The parameter "appointment" (an Appointment resource) is required');
  if (appointment.resourceType !== 'Appointment') throw badRequest('"appointment" must be an Appointment');
  return appointment;
}

/** The provider, location, visit type and start an Appointment names. */
async function choiceOf(ctx: FhirContext, appointment: FhirResource): Promise<SlotChoice> {
  const practitioner = referenceOf(appointment, 'Practitioner');
  const location = referenceOf(appointment, 'Location');
  if (!practitioner) throw badRequest('The appointment needs a Practitioner participant');
  if (!location) throw badRequest('The appointment needs a Location participant');
  const codings = (
    (appointment.serviceType as { coding?: { system?: string; code?: unknown }[] }[] | undefined) ?? []
  )
    .flatMap((c) => c?.coding ?? [])
    .filter((c) => c?.system === VISIT_TYPE_SYSTEM && typeof c.code === 'string');
  const code = codings[0]?.code as string | undefined;
  if (!code) throw badRequest(`The appointment needs a serviceType coded in ${VISIT_TYPE_SYSTEM}`);
  const visitType = await ctx.scope.tx
    .selectFrom('visit_types')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!visitType) throw badRequest(`No visit type has the code "${code}"`);
  return {
    providerId: idIn(practitioner, 'Practitioner', 'The Practitioner participant'),
    locationId: idIn(location, 'Location', 'The Location participant'),
    visitTypeId: visitType.id,
    start: instantIn(
      typeof appointment.start === 'string' ? appointment.start : undefined,
      'Appointment.start',
    ),
  };
}

async function patientOf(
  ctx: FhirContext,
  input: OperationInput,
  appointment: FhirResource,
): Promise<string> {
  const named = input.text('patient') ?? referenceOf(appointment, 'Patient');
  const id = patientFor(ctx, named, true)!;
  const known = await ctx.scope.tx
    .selectFrom('patients')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!known) throw notFoundError(`Patient/${id} was not found`);
  return id;
}

/** A taken time as a 409 OperationOutcome listing the next open times. */
function asOutcome(error: unknown): never {
  if (error instanceof AppError && error.kind === 'conflict') {
    const next = (error.details.extra?.nextSlots ?? []) as OpenSlot[];
    throw new FhirError(409, [
      issue('conflict', error.message),
      ...next.map((s) => ({
        severity: 'information' as const,
        code: 'informational' as const,
        diagnostics: `Open: ${s.start}/${s.end}`,
        details: { text: `${s.start}/${s.end}` },
      })),
    ]);
  }
  throw error;
}

async function served(ctx: FhirContext, id: string): Promise<{ status: number; body: unknown }> {
  const stored = await syncAppointment(ctx.scope, id);
  if (!stored?.resource) throw notFoundError(`Appointment/${id} was not found`);
  return { status: 200, body: stored.resource };
}

export async function holdAppointment(ctx: FhirContext, input: OperationInput, now: Date) {
  assertAllowed(ctx.access, 'Appointment', 'create', { viaUseCase: true });
  const appointment = appointmentParam(input);
  const patientId = await patientOf(ctx, input, appointment);
  const choice = await choiceOf(ctx, appointment);
  const held = await holdSlot(ctx.scope, patientId, choice, now, isStaffCaller(ctx)).catch(asOutcome);
  return served(ctx, held.id);
}

export async function bookAppointment(
  ctx: FhirContext,
  platform: Platform,
  input: OperationInput,
  idempotencyKey: string | undefined,
  now: Date,
) {
  assertAllowed(ctx.access, 'Appointment', 'create', { viaUseCase: true });
  const appointment = appointmentParam(input);
  const patientId = await patientOf(ctx, input, appointment);
  let choice: SlotChoice;
  let holdId: string | undefined;
  if (typeof appointment.id === 'string' && appointment.status !== 'proposed') {
    // A held appointment: its row says what was held; the body cannot change that.
    const row = await ctx.scope.tx
      .selectFrom('appointments')
      .select([
        'id',
        'kind',
        'status',
        'patient_id',
        'provider_id',
        'location_id',
        'visit_type_id',
        'start_at',
      ])
      .where('id', '=', idIn(appointment.id, 'Appointment', 'Appointment.id'))
      .executeTakeFirst();
    if (!row || row.kind !== 'visit' || row.patient_id !== patientId || !row.visit_type_id)
      throw notFoundError(`Appointment/${appointment.id} was not found`);
    if (row.status !== 'held' && row.status !== 'expired')
      throw new FhirError(409, [
        issue('conflict', `This appointment is already ${row.status.replace('_', ' ')}`),
      ]);
    holdId = row.id;
    choice = {
      providerId: row.provider_id,
      locationId: row.location_id,
      visitTypeId: row.visit_type_id,
      start: row.start_at,
    };
  } else {
    choice = await choiceOf(ctx, appointment);
  }
  const reason = (appointment.reasonCode as { text?: unknown }[] | undefined)?.[0]?.text;
  const result = await bookSlot(
    ctx.scope,
    platform,
    {
      ...choice,
      patientId,
      holdId,
      reason: typeof reason === 'string' ? reason.slice(0, 500) : undefined,
      idempotencyKey: idempotencyKey ?? null,
      byStaff: isStaffCaller(ctx),
    },
    now,
  ).catch(asOutcome);
  const out = await served(ctx, result.id);
  // A held appointment becomes booked (200); a new one, or one re-claimed after its hold ran out, is created (201).
  return { ...out, status: holdId && result.id === holdId ? 200 : 201 };
}
