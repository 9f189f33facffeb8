import { describe, expect, it } from 'vitest';
import type { BookingContext } from './booking-context.js';
import { flightAhead, flightTicket, takeLead, type FlightOutcome } from './booking-flights.js';
import type { Checked } from './slot-rules.js';

const choice = (start: string, providerId = 'p1') => ({
  providerId,
  locationId: 'l1',
  visitTypeId: 'v1',
  start: new Date(start),
});
const taken: FlightOutcome = {
  taken: true,
  context: { busy: [] } as unknown as BookingContext,
  checked: { end: new Date('2030-01-07T15:20:00Z') } as unknown as Checked,
};

describe('booking flights', () => {
  it('a second booking of the same time follows the first, and learns its outcome', async () => {
    const leader = flightTicket('t1', choice('2030-01-07T15:00:00Z'), false, null);
    const land = takeLead(leader)!;
    expect(land).toBeTypeOf('function');
    const follower = flightTicket('t1', choice('2030-01-07T15:00:00Z'), false, { bookedBy: 'u2', key: 'k' });
    expect(takeLead(follower)).toBeNull();
    const outcome = flightAhead(follower);
    expect(outcome).toBeDefined();
    land(taken);
    expect(await outcome).toBe(taken);
    // Landed: the time has no flight any more, and the next booking leads again.
    expect(flightAhead(follower)).toBeUndefined();
    const next = takeLead(follower);
    expect(next).toBeTypeOf('function');
    next!({ taken: false });
  });

  it('only the same time, tenant and kind of booker follow', () => {
    const land = takeLead(flightTicket('t1', choice('2030-01-07T16:00:00Z'), false, null))!;
    expect(flightAhead(flightTicket('t1', choice('2030-01-07T16:05:00Z'), false, null))).toBeUndefined();
    expect(
      flightAhead(flightTicket('t1', choice('2030-01-07T16:00:00Z', 'p2'), false, null)),
    ).toBeUndefined();
    expect(flightAhead(flightTicket('t2', choice('2030-01-07T16:00:00Z'), false, null))).toBeUndefined();
    // Staff are held to other rules than patients: their booking goes to the database itself.
    expect(flightAhead(flightTicket('t1', choice('2030-01-07T16:00:00Z'), true, null))).toBeUndefined();
    expect(flightAhead(flightTicket('t1', choice('2030-01-07T16:00:00Z'), false, null))).toBeDefined();
    land({ taken: false });
  });

  it('a retry of the leading request (same booker, same Idempotency-Key) does not follow it', () => {
    const retry = { bookedBy: 'u1', key: 'same-key' };
    const land = takeLead(flightTicket('t1', choice('2030-01-07T17:00:00Z'), false, retry))!;
    expect(flightAhead(flightTicket('t1', choice('2030-01-07T17:00:00Z'), false, retry))).toBeUndefined();
    const other = { bookedBy: 'u2', key: 'same-key' };
    expect(flightAhead(flightTicket('t1', choice('2030-01-07T17:00:00Z'), false, other))).toBeDefined();
    land({ taken: false });
  });

  it('landing twice keeps the first outcome and never removes a later flight', async () => {
    const ticket = flightTicket('t1', choice('2030-01-07T18:00:00Z'), false, null);
    const land = takeLead(ticket)!;
    const outcome = flightAhead(ticket)!;
    land(taken);
    const later = takeLead(ticket)!;
    land({ taken: false }); // the first leader's finally, after its outcome
    expect(await outcome).toBe(taken);
    expect(flightAhead(ticket)).toBeDefined();
    later({ taken: false });
    expect(flightAhead(ticket)).toBeUndefined();
  });
});
