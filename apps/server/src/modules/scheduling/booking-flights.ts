import { Counter } from 'prom-client';
import type { BookingContext } from './booking-context.js';
import type { Checked, SlotChoice } from './slot-rules.js';

// Bookings of the same time that arrive together at one server process. The first (the leader)
// goes to the database; those that arrive while it is in flight (followers) wait for its outcome.
// When the leader booked and committed, or lost the time to a booking already committed, the time
// is taken: a follower answers 409 with the next open times worked out from what the leader read,
// and sends no claim of its own. When the leader was refused, replayed an earlier booking or
// failed, followers go to the database as usual.
//
// The database still decides every claim (the cells' primary key, booking-claim.ts); this only
// spares it the claims that must lose, which are most of the work when many people want one time
// at once (a freed time offered to a waitlist, a popular first slot of the morning). Across
// processes nothing is shared: each process sends at most one claim per time at a time.

/** Taken: the leader booked the time, or lost it to a booking already committed. */
export type FlightOutcome = { taken: true; context: BookingContext; checked: Checked } | { taken: false };

interface Flight {
  /** Staff and patients are held to different rules: a follower must be the leader's kind. */
  byStaff: boolean;
  /** The leader's booker and Idempotency-Key: the same again is a retry, to be replayed, not refused. */
  retryKey: string | null;
  outcome: Promise<FlightOutcome>;
}

const flights = new Map<string, Flight>();

const followers = new Counter({
  name: 'accompany_booking_followers_total',
  help: 'Bookings that waited for a concurrent booking of the same time, by what they did then',
  labelNames: ['outcome'] as const,
});

export interface FlightTicket {
  key: string;
  byStaff: boolean;
  retryKey: string | null;
}

/** Who is booking what: the same key is the same time with the same rules. */
export function flightTicket(
  tenantId: string,
  choice: SlotChoice,
  byStaff: boolean,
  retry: { bookedBy: string; key: string } | null,
): FlightTicket {
  return {
    key: `${tenantId}/${choice.providerId}/${choice.locationId}/${choice.visitTypeId}/${choice.start.getTime()}`,
    byStaff,
    retryKey: retry ? `${retry.bookedBy}/${retry.key}` : null,
  };
}

/**
 * The outcome of the booking this one may follow, or undefined when there is none to follow
 * (nobody in flight for the time, or a leader of another kind, or the leader is this very request
 * sent again).
 */
export function flightAhead(ticket: FlightTicket): Promise<FlightOutcome> | undefined {
  const flight = flights.get(ticket.key);
  if (!flight || flight.byStaff !== ticket.byStaff) return undefined;
  if (ticket.retryKey !== null && flight.retryKey === ticket.retryKey) return undefined;
  return flight.outcome;
}

/**
 * Takes the lead for the ticket's time when nobody holds it; returns how to land (call it once,
 * with the outcome, after the booking's COMMIT), or null when another booking leads.
 */
export function takeLead(ticket: FlightTicket): ((outcome: FlightOutcome) => void) | null {
  if (flights.has(ticket.key)) return null;
  let land!: (outcome: FlightOutcome) => void;
  const outcome = new Promise<FlightOutcome>((resolve) => (land = resolve));
  const flight: Flight = { byStaff: ticket.byStaff, retryKey: ticket.retryKey, outcome };
  flights.set(ticket.key, flight);
  return (result) => {
    if (flights.get(ticket.key) === flight) flights.delete(ticket.key);
    land(result);
  };
}

/** Counts what a follower did once its leader landed. */
export function countFollower(outcome: 'lost' | 'went_on'): void {
  followers.inc({ outcome });
}
