import type { Scope } from '../../platform/http/context.js';
import { BUSY_READ_AFTER_START, type BookingContext } from './booking-context.js';
import { dropLostClaim } from './claims.js';
import { nextOpenTimesFromBusy, slotTaken, takenWith, type Checked, type SlotChoice } from './slot-rules.js';

// The answer to a booking that lost its time: 409 with the next open times. Usually they follow
// from the busy time the booking already read, so a losing booker costs no further query; only
// when they might lie beyond it is the database asked (after the lost claim's row is removed, so
// it does not count as busy). Either way the 409 rolls the transaction back: nothing stays.

export async function bookingTaken(
  scope: Scope,
  context: BookingContext,
  choice: SlotChoice,
  checked: Checked,
  now: Date,
  lostClaimId: string | null = null,
): Promise<never> {
  const { schedule } = context;
  const known = schedule ? { visitType: checked.visitType, schedule } : undefined;
  if (known) {
    const nextSlots = nextOpenTimesFromBusy(
      known,
      choice,
      { start: choice.start, end: checked.end, kind: 'appointment' },
      {
        intervals: context.busy,
        until: new Date(choice.start.getTime() + BUSY_READ_AFTER_START),
      },
      now,
    );
    if (nextSlots) return takenWith(nextSlots);
  }
  if (lostClaimId) await dropLostClaim(scope.tx, lostClaimId);
  return slotTaken(scope, choice, now, known);
}
