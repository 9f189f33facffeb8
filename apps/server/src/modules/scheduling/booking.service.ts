import type { Appointment } from '@accompany/contracts';
import { audit } from '../../platform/audit/audit.js';
import { canRunThenCommit } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { findLocation, findProvider, findVisitType } from '../directory/directory.repository.js';
import { findAppointmentRow, toAppointment } from './appointments.repository.js';
import {
  attemptInSavepoint,
  cellsOf,
  claimCells,
  dropLostClaim,
  expireStaleHolds,
  insertAndClaim,
  releaseCells,
  type NewClaim,
} from './claims.js';
import { mailAboutAppointment, planAppointmentJobs } from './notices.js';
import { syncAppointment } from './fhir/sync.js';
import { assessSlot, checkSlot, slotTaken, type SlotChoice } from './slot-rules.js';
import { bookingTaken } from './booking-lost.js';
import { newBookingWrites } from './booking-writes.js';
import { readAndClaim, writeBooking } from './booking-claim.js';
import { countFollower, flightAhead, flightTicket, takeLead, type FlightOutcome } from './booking-flights.js';

export { nextOpenTimes, type SlotChoice } from './slot-rules.js';

// The booking use cases, with plain arguments and domain results: the app's routes call them, and
// so can any other door (a FHIR $hold/$book) without another copy of the rules.

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface BookingRequest extends SlotChoice {
  patientId: string;
  reason?: string | undefined;
  holdId?: string | undefined;
  /** The client's Idempotency-Key: the same key again returns the first booking. */
  idempotencyKey?: string | null | undefined;
  /** Staff book any time within the provider's hours and any visit type; patients only self-bookable open slots. */
  byStaff: boolean;
  /**
   * The caller's transaction (an `inTenant` one) does nothing after this booking: its last
   * statement is followed by the COMMIT in the same flight, one round trip fewer (see runThenCommit).
   */
  endsTransaction?: boolean;
}

async function view(scope: Scope, id: string, now: Date): Promise<Appointment> {
  const row = await findAppointmentRow(scope.tx, id);
  if (!row) throw notFound('The appointment');
  // Every change here ends in this view: the FHIR Appointment follows in the same transaction.
  await syncAppointment(scope, id, row);
  return toAppointment(row, now, { withPatient: scope.actor?.role !== 'patient' });
}

/** Expires the stale holds in the way; their FHIR Appointments follow. How many there were. */
async function clearStaleHolds(scope: Scope, providerId: string, start: Date, end: Date, now: Date) {
  const ids = await expireStaleHolds(scope.tx, providerId, start, end, now);
  for (const id of ids) await syncAppointment(scope, id);
  return ids.length;
}

async function holdMinutes(scope: Scope): Promise<number> {
  const s = await scope.tx.selectFrom('scheduling_settings').select('hold_minutes').executeTakeFirst();
  return s?.hold_minutes ?? 5;
}

/** Holds a slot for a few minutes while the patient finishes booking. */
export async function holdSlot(
  scope: Scope,
  patientId: string,
  choice: SlotChoice,
  now: Date,
  byStaff = false,
) {
  const { visitType, end } = await checkSlot(scope, choice, byStaff, now);
  const expires = new Date(now.getTime() + (await holdMinutes(scope)) * MINUTE);
  await clearStaleHolds(scope, choice.providerId, choice.start, end, now);
  const { id, claimed } = await insertAndClaim(scope.tx, {
    tenantId: scope.tenant.id,
    kind: 'visit',
    patientId,
    providerId: choice.providerId,
    locationId: choice.locationId,
    visitTypeId: visitType.id,
    status: 'held',
    start: choice.start,
    end,
    holdExpiresAt: expires,
    reason: '',
    bookedBy: scope.actor?.userId ?? null,
    idempotencyKey: null,
  });
  if (!claimed || !id) {
    if (id) await dropLostClaim(scope.tx, id); // the next-times query must not see it as busy
    return slotTaken(scope, choice, now);
  }
  await audit(scope, { action: 'create', objectType: 'Appointment', objectId: id, patientId });
  return view(scope, id, now);
}

/** Books a slot (a held one, or a free one). Exactly one of any overlapping requests wins. */
export async function bookSlot(
  scope: Scope,
  platform: Platform,
  request: BookingRequest,
  now: Date,
): Promise<Appointment> {
  const { tx } = scope;
  const bookedBy = scope.actor?.userId ?? null;
  const idempotency = request.idempotencyKey && bookedBy ? { bookedBy, key: request.idempotencyKey } : null;
  if (request.holdId) {
    const earlier = idempotency ? await findEarlier(scope, idempotency) : undefined;
    if (earlier) return replay(scope, earlier, request, now);
    const fromHold = await bookHeld(scope, platform, request, request.holdId, now);
    if (fromHold) return fromHold;
  }
  if (!Number.isFinite(request.start.getTime()))
    throw new AppError('bad_request', 'The start time is not a valid time');
  // Only a booking whose COMMIT is its own last message can lead others (booking-flights.ts):
  // its outcome is final when it lands.
  const ticket =
    request.endsTransaction && canRunThenCommit(tx)
      ? flightTicket(scope.tenant.id, request, request.byStaff, idempotency)
      : null;
  const ahead = ticket && flightAhead(ticket);
  if (ahead) {
    const leader = await ahead;
    countFollower(leader.taken ? 'lost' : 'went_on');
    if (leader.taken) return bookingTaken(scope, leader.context, request, leader.checked, now);
  }
  const land = ticket && takeLead(ticket);
  const flight: FlightReport = {};
  try {
    return await claimAndBook(scope, platform, request, idempotency, now, flight);
  } finally {
    land?.(flight.outcome ?? { taken: false });
  }
}

/** What a booking tells the bookings that follow it: set once its time is surely taken. */
interface FlightReport {
  outcome?: FlightOutcome;
}

/** A new booking's own claim, checks and writes: see bookSlot. */
async function claimAndBook(
  scope: Scope,
  platform: Platform,
  request: BookingRequest,
  idempotency: { bookedBy: string; key: string } | null,
  now: Date,
  flight: FlightReport,
): Promise<Appointment> {
  const { tx } = scope;
  const bookedBy = scope.actor?.userId ?? null;
  // One round trip reads what the checks and the writes need, and claims the time.
  const read = await readAndClaim(
    tx,
    {
      tenantId: scope.tenant.id,
      providerId: request.providerId,
      locationId: request.locationId,
      visitTypeId: request.visitTypeId,
      start: request.start,
      patientId: request.patientId,
      reason: request.reason ?? '',
      bookedBy,
      idempotencyKey: request.idempotencyKey ?? null,
      now,
    },
    idempotency,
  );
  const { context } = read;
  let { claim } = read;
  if (context.earlier) return replay(scope, context.earlier, request, now);
  // The checks run on what was read; a refusal rolls the claim back with everything else.
  const { visitType, end } = await assessSlot(context, request, request.byStaff, now, async (from, to) =>
    context.busy.filter((b) => b.start < to && b.end > from),
  );
  const { schedule, provider, patient } = context;
  if (!patient) throw notFound('The patient');
  if (!provider || !schedule) throw notFound('The provider'); // assessSlot refused these already
  const wanted = cellsOf(request.start, end).length;
  // Stale holds are cleared only when they stand in a claim's way: the usual booking pays nothing.
  if (claim.cells < wanted && claim.staleHolds) {
    if (claim.id) await dropLostClaim(tx, claim.id);
    const cleared = await clearStaleHolds(scope, request.providerId, request.start, end, now);
    if (cleared > 0) {
      const again = await insertAndClaim(tx, claimOf(scope, request, visitType.id, end), now);
      claim = { id: again.id, cells: again.claimed ? wanted : 0, staleHolds: again.staleHolds };
    }
  }
  if (claim.cells < wanted) {
    if (claim.id === null && idempotency) {
      const earlier = await findEarlier(scope, idempotency);
      if (earlier) return replay(scope, earlier, request, now);
    }
    // The time is taken by a committed booking (a concurrent claim waited for its outcome).
    flight.outcome = { taken: true, context, checked: { visitType, end } };
    // The lost claim's row stays until the 409 rolls the transaction back.
    return bookingTaken(scope, context, request, { visitType, end }, now, claim.id);
  }
  const booking = newBookingWrites(
    scope,
    platform,
    { ...context, visitType, provider, schedule, patient },
    { id: claim.id!, patientId: request.patientId, start: request.start, end, reason: request.reason ?? '' },
    now,
  );
  // One more round trip writes everything, with the COMMIT when nothing follows the booking.
  await writeBooking(tx, booking.statements, request.endsTransaction === true);
  if (booking.mails) platform.jobs.wakeSoon();
  flight.outcome = { taken: true, context, checked: { visitType, end } }; // and committed
  return booking.appointment;
}

/** The claim of a visit (for the retry after stale holds were cleared). */
function claimOf(scope: Scope, request: BookingRequest, visitTypeId: string, end: Date): NewClaim {
  return {
    tenantId: scope.tenant.id,
    kind: 'visit',
    patientId: request.patientId,
    providerId: request.providerId,
    locationId: request.locationId,
    visitTypeId,
    status: 'booked',
    start: request.start,
    end,
    holdExpiresAt: null,
    reason: request.reason ?? '',
    bookedBy: scope.actor?.userId ?? null,
    idempotencyKey: request.idempotencyKey ?? null,
  };
}

/** The booking an Idempotency-Key already made, if any. */
function findEarlier(scope: Scope, idempotency: { bookedBy: string; key: string }) {
  return scope.tx
    .selectFrom('appointments')
    .select(['id', 'provider_id', 'start_at', 'patient_id'])
    .where('booked_by', '=', idempotency.bookedBy)
    .where('idempotency_key', '=', idempotency.key)
    .executeTakeFirst();
}

/** Books the patient's own hold; null when it is gone (expired and cleared): then a fresh claim. */
async function bookHeld(
  scope: Scope,
  platform: Platform,
  request: BookingRequest,
  holdId: string,
  now: Date,
): Promise<Appointment | null> {
  await checkSlot(scope, request, request.byStaff, now);
  const held = await scope.tx
    .updateTable('appointments')
    .set({
      status: 'booked',
      hold_expires_at: null,
      reason: request.reason ?? '',
      idempotency_key: request.idempotencyKey ?? null,
      updated_at: now,
    })
    .where('id', '=', holdId)
    .where('patient_id', '=', request.patientId)
    .where('provider_id', '=', request.providerId)
    .where('start_at', '=', request.start)
    .where('status', '=', 'held')
    .returning('id')
    .executeTakeFirst();
  return held ? booked(scope, platform, held.id, request.patientId, now) : null;
}

async function replay(
  scope: Scope,
  earlier: { id: string; provider_id: string; start_at: Date; patient_id: string | null },
  request: BookingRequest,
  now: Date,
): Promise<Appointment> {
  const same =
    earlier.provider_id === request.providerId &&
    earlier.start_at.getTime() === request.start.getTime() &&
    earlier.patient_id === request.patientId;
  if (!same) {
    throw new AppError(
      'bad_request',
      'This Idempotency-Key was already used for another booking: send a new key',
    );
  }
  await audit(scope, {
    action: 'read',
    objectType: 'Appointment',
    objectId: earlier.id,
    patientId: request.patientId,
  });
  return view(scope, earlier.id, now);
}

async function booked(scope: Scope, platform: Platform, id: string, patientId: string, now: Date) {
  await audit(scope, { action: 'create', objectType: 'Appointment', objectId: id, patientId });
  const appointment = await view(scope, id, now);
  await mailAboutAppointment(scope, platform, appointment, 'appointment_booked', patientId);
  await planAppointmentJobs(scope, platform, appointment, now);
  return appointment;
}

/**
 * Moves a visit to another time (and optionally provider or location) in one transaction: the old
 * cells are released and the new ones claimed under one savepoint, so a failed move keeps the old
 * time, and a move by a few minutes does not collide with itself.
 */
export async function moveAppointment(
  scope: Scope,
  platform: Platform,
  id: string,
  target: { start: Date; providerId?: string | undefined; locationId?: string | undefined },
  options: { byStaff: boolean },
  now: Date,
): Promise<Appointment> {
  const { tx } = scope;
  const current = await tx
    .selectFrom('appointments')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!current || current.kind !== 'visit' || !current.patient_id || !current.visit_type_id)
    throw notFound('The appointment');
  if (current.status !== 'booked')
    throw new AppError(
      'conflict',
      `This appointment is ${current.status.replace('_', ' ')}: it cannot be moved`,
    );
  const visitType = await findVisitType(tx, current.visit_type_id);
  if (
    !options.byStaff &&
    visitType &&
    current.start_at.getTime() - visitType.cancel_window_hours * 3_600_000 <= now.getTime()
  ) {
    throw new AppError(
      'forbidden',
      `Within ${visitType.cancel_window_hours} hours of the visit, please call the clinic to move it`,
    );
  }
  const choice: SlotChoice = {
    providerId: target.providerId ?? current.provider_id,
    locationId: target.locationId ?? current.location_id,
    visitTypeId: current.visit_type_id,
    start: target.start,
  };
  const { end } = await checkSlot(scope, choice, options.byStaff, now);
  await clearStaleHolds(scope, choice.providerId, choice.start, end, now);
  const ok = await attemptInSavepoint(tx, async () => {
    await releaseCells(tx, id);
    const claimed = await claimCells(tx, scope.tenant.id, choice.providerId, id, choice.start, end);
    if (!claimed) return false;
    await tx
      .updateTable('appointments')
      .set({
        provider_id: choice.providerId,
        location_id: choice.locationId,
        start_at: choice.start,
        end_at: end,
        confirmed_at: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    return true;
  });
  if (!ok) return slotTaken(scope, choice, now);
  await audit(scope, {
    action: 'update',
    objectType: 'Appointment',
    objectId: id,
    patientId: current.patient_id,
  });
  const appointment = await view(scope, id, now);
  await mailAboutAppointment(scope, platform, appointment, 'appointment_booked', current.patient_id);
  await planAppointmentJobs(scope, platform, appointment, now);
  await platform.jobs.enqueue(tx, scope.tenant.id, 'scheduling.waitlist', {
    providerId: current.provider_id,
    locationId: current.location_id,
    start: current.start_at.toISOString(),
    end: current.end_at.toISOString(),
  });
  return appointment;
}

/** Staff block provider time (admin, travel, a meeting); refused where a visit already is. */
export async function blockTime(
  scope: Scope,
  block: { providerId: string; locationId: string; start: Date; end: Date; reason: string },
  now: Date,
): Promise<Appointment> {
  if (!(block.end > block.start)) throw new AppError('bad_request', 'The block ends before it starts');
  if (block.end.getTime() - block.start.getTime() > 14 * DAY)
    throw new AppError('bad_request', 'Block at most 14 days at once');
  if (block.end <= now) throw new AppError('bad_request', 'That time is in the past');
  if (!(await findProvider(scope.tx, block.providerId))) throw notFound('The provider');
  if (!(await findLocation(scope.tx, block.locationId))) throw notFound('The location');
  await clearStaleHolds(scope, block.providerId, block.start, block.end, now);
  let id = '';
  const ok = await attemptInSavepoint(scope.tx, async () => {
    const row = await scope.tx
      .insertInto('appointments')
      .values({
        tenant_id: scope.tenant.id,
        kind: 'block',
        provider_id: block.providerId,
        location_id: block.locationId,
        status: 'booked',
        start_at: block.start,
        end_at: block.end,
        reason: block.reason,
        booked_by: scope.actor?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
    return claimCells(scope.tx, scope.tenant.id, block.providerId, id, block.start, block.end);
  });
  if (!ok) throw new AppError('conflict', 'There are visits in that time: move or cancel them first');
  await audit(scope, { action: 'create', objectType: 'Schedule', objectId: id, patientId: null });
  return view(scope, id, now);
}
