import { sql } from 'kysely';
import { canRunThenCommit, PREPARED, runThenCommit, type Tx } from '../../platform/db/database.js';
import { togetherEntries, type Statement } from '../../platform/db/together.js';
import {
  bookingContextColumns,
  toBookingContext,
  type BookingContext,
  type BookingContextRow,
} from './booking-context.js';
import { CELL_MS } from './claims.js';
import type { SlotChoice } from './slot-rules.js';

// A new booking in two messages after its transaction's start. The first is one statement that
// reads what the checks and writes need (booking-context.ts) and claims the time: the visit row and
// its five-minute cells of provider time, under the (tenant, provider, cell) primary key, so that
// of any overlapping claims exactly one commits its cells (a concurrent claimant waits for the
// other transaction, then finds the cells taken or free). The read and the claim share the
// statement's snapshot, so the booking's own time is not busy in what it read. The checks run on what was read; a refused
// request rolls back, claim and all. The second message is every write of a won booking, with
// the COMMIT when nothing follows in the transaction; a losing booker has built none of it.

export interface BookingClaim extends SlotChoice {
  tenantId: string;
  patientId: string;
  reason: string;
  bookedBy: string | null;
  idempotencyKey: string | null;
}

export interface ClaimResult {
  /** The new visit's id; null when the claim lost before inserting (time visibly taken, or the Idempotency-Key used). */
  id: string | null;
  /** How many cells the claim won; all of them is `cellsOf(start, end).length`. */
  cells: number;
  /** Whether holds whose time ran out stand in the way (a lost claim may clear them and retry). */
  staleHolds: boolean;
}

/**
 * The read and the claim as one statement: the claim's parts are data-modifying CTEs, the read is
 * the select list. All parts share the statement's snapshot, so the read never sees the claim.
 * The claim takes the visit's end from its visit type, and inserts nothing when the visit type is
 * unknown (the checks refuse it) or a cell of the time is already visibly taken (the common loser
 * then inserts nothing; the primary key still decides between concurrent claims).
 */
function readAndClaimQuery(
  c: BookingClaim & { now: Date },
  idempotency: { bookedBy: string; key: string } | null,
) {
  const first = new Date(Math.floor(c.start.getTime() / CELL_MS) * CELL_MS);
  return sql<
    BookingContextRow & { claim_id: string | null; claim_cells: number; stale_holds: boolean }
  >`${sql.raw(PREPARED)}
    with span as (
      select ${c.start}::timestamptz as start_at,
        ${c.start}::timestamptz + make_interval(mins => v.minutes) as end_at
      from visit_types v where v.id = ${c.visitTypeId}::uuid
    ), a as (
      insert into appointments (tenant_id, kind, patient_id, provider_id, location_id, visit_type_id, status,
        start_at, end_at, reason, booked_by, idempotency_key)
      select ${c.tenantId}::uuid, 'visit', ${c.patientId}::uuid, ${c.providerId}::uuid, ${c.locationId}::uuid,
        ${c.visitTypeId}::uuid, 'booked', span.start_at, span.end_at, ${c.reason}::text, ${c.bookedBy}::uuid,
        ${c.idempotencyKey}::text
      from span
      where not exists (select 1 from slot_cells t where t.tenant_id = ${c.tenantId} and t.provider_id = ${c.providerId}
        and t.cell_start >= ${first}::timestamptz and t.cell_start < span.end_at)
      on conflict (tenant_id, booked_by, idempotency_key) where idempotency_key is not null do nothing
      returning id, end_at
    ), c as (
      insert into slot_cells (tenant_id, provider_id, cell_start, appointment_id)
      select ${c.tenantId}::uuid, ${c.providerId}::uuid, cell, a.id
        from a, generate_series(${first}::timestamptz, a.end_at - interval '1 microsecond', interval '5 minutes') as cell
        order by cell
      on conflict do nothing
      returning 1
    )
    select ${bookingContextColumns(c, c.patientId, idempotency, c.now)},
      (select id from a) as claim_id, (select count(*)::int from c) as claim_cells,
      exists (select 1 from appointments h, span where h.provider_id = ${c.providerId} and h.status = 'held'
        and h.hold_expires_at <= ${c.now}::timestamptz and h.start_at < span.end_at and h.end_at > span.start_at) as stale_holds`;
}

/** One round trip: the booking's read and its claim. */
export async function readAndClaim(
  tx: Tx,
  claim: BookingClaim & { now: Date },
  idempotency: { bookedBy: string; key: string } | null,
): Promise<{ context: BookingContext; claim: ClaimResult }> {
  const row = (await readAndClaimQuery(claim, idempotency).execute(tx)).rows[0]!;
  return {
    context: toBookingContext(row, claim),
    claim: { id: row.claim_id, cells: row.claim_cells, staleHolds: row.stale_holds },
  };
}

/**
 * Writes everything a won booking causes, as one statement of data-modifying CTEs; with
 * `commit`, followed by the transaction's COMMIT in the same flight (see runThenCommit).
 */
export async function writeBooking(tx: Tx, writes: readonly Statement[], commit: boolean): Promise<void> {
  const statement = sql`${sql.raw(PREPARED)}with ${togetherEntries(writes)} select 1`;
  if (commit && canRunThenCommit(tx)) await runThenCommit(tx, statement.compile(tx));
  else await statement.execute(tx);
}
