import { sql } from 'kysely';
import { PREPARED, type Tx } from '../../platform/db/database.js';

// The no-double-booking rule lives in the database: a live appointment, hold or block owns the
// five-minute cells of provider time it covers, and (tenant, provider, cell) is a primary key.
// Claiming inserts the cells with ON CONFLICT DO NOTHING: a concurrent claimant waits for the
// other transaction and then sees the conflict, so of any set of overlapping requests exactly one
// commits its cells, and no statement fails (the transaction stays usable to answer with the next
// open times).

export const CELL_MS = 5 * 60_000;

export function cellsOf(start: Date, end: Date): Date[] {
  const cells: Date[] = [];
  const first = Math.floor(start.getTime() / CELL_MS) * CELL_MS;
  for (let t = first; t < end.getTime(); t += CELL_MS) cells.push(new Date(t));
  return cells;
}

/** Claims the cells for [start, end); false when any is already taken (nothing is kept then). */
export async function claimCells(
  tx: Tx,
  tenantId: string,
  providerId: string,
  appointmentId: string,
  start: Date,
  end: Date,
): Promise<boolean> {
  const cells = cellsOf(start, end);
  // Ascending order in every claim: two claims waiting on each other's cells cannot deadlock.
  const claimed = await tx
    .insertInto('slot_cells')
    .values(
      cells.map((cell_start) => ({
        tenant_id: tenantId,
        provider_id: providerId,
        cell_start,
        appointment_id: appointmentId,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('cell_start')
    .execute();
  return claimed.length === cells.length;
}

export async function releaseCells(tx: Tx, appointmentId: string): Promise<void> {
  await tx.deleteFrom('slot_cells').where('appointment_id', '=', appointmentId).execute();
}

/**
 * Runs `attempt` inside a savepoint: when it returns false, everything it wrote is undone and
 * the enclosing transaction goes on (to look up the next open times, or to record an audit).
 */
export async function attemptInSavepoint(tx: Tx, attempt: () => Promise<boolean>): Promise<boolean> {
  await sql.raw('savepoint slot_claim').execute(tx);
  let ok = false;
  try {
    ok = await attempt();
  } finally {
    await sql.raw(ok ? 'release savepoint slot_claim' : 'rollback to savepoint slot_claim').execute(tx);
  }
  return ok;
}

/** Holds whose time ran out stop occupying their cells (called before claiming); their ids. */
export async function expireStaleHolds(
  tx: Tx,
  providerId: string,
  start: Date,
  end: Date,
  now: Date,
): Promise<string[]> {
  const stale = await tx
    .updateTable('appointments')
    .set({ status: 'expired', hold_expires_at: null, updated_at: now })
    .where('provider_id', '=', providerId)
    .where('status', '=', 'held')
    .where('hold_expires_at', '<=', now)
    .where('start_at', '<', end)
    .where('end_at', '>', start)
    .returning('id')
    .execute();
  if (stale.length) {
    await tx
      .deleteFrom('slot_cells')
      .where(
        'appointment_id',
        'in',
        stale.map((s) => s.id),
      )
      .execute();
  }
  return stale.map((s) => s.id);
}

export interface NewClaim {
  tenantId: string;
  kind: 'visit' | 'block';
  patientId: string | null;
  providerId: string;
  locationId: string;
  visitTypeId: string | null;
  status: 'held' | 'booked';
  start: Date;
  end: Date;
  holdExpiresAt: Date | null;
  reason: string;
  bookedBy: string | null;
  idempotencyKey: string | null;
}

/**
 * Inserts an appointment and claims its cells in one statement (one round trip on the hot path).
 * Returns the new id and whether every cell was won. A lost claim leaves its row (and any cells it
 * did win) in place: the caller either fails the transaction, which takes them away, or calls
 * `dropLostClaim` before going on. `id` is null when the same Idempotency-Key was already used;
 * `staleHolds` says whether expired holds overlap the time (a failed claim may then clear them
 * and try again).
 */
export async function insertAndClaim(
  tx: Tx,
  c: NewClaim,
  now: Date = new Date(),
): Promise<{ id: string | null; claimed: boolean; staleHolds: boolean }> {
  const first = new Date(Math.floor(c.start.getTime() / CELL_MS) * CELL_MS);
  const cells = cellsOf(c.start, c.end).length;
  const last = new Date(first.getTime() + (cells - 1) * CELL_MS);
  const result = await sql<{ id: string | null; claimed: number; stale_holds: boolean }>`${sql.raw(PREPARED)}
    with a as (
      insert into appointments (tenant_id, kind, patient_id, provider_id, location_id, visit_type_id, status,
        start_at, end_at, hold_expires_at, reason, booked_by, idempotency_key)
      values (${c.tenantId}, ${c.kind}, ${c.patientId}, ${c.providerId}, ${c.locationId}, ${c.visitTypeId}, ${c.status},
        ${c.start}, ${c.end}, ${c.holdExpiresAt}, ${c.reason}, ${c.bookedBy}, ${c.idempotencyKey})
      on conflict (tenant_id, booked_by, idempotency_key) where idempotency_key is not null do nothing
      returning id
    ), c as (
      insert into slot_cells (tenant_id, provider_id, cell_start, appointment_id)
      select ${c.tenantId}::uuid, ${c.providerId}::uuid, cell, a.id
        from a, generate_series(${first}::timestamptz, ${last}::timestamptz, interval '5 minutes') as cell
        order by cell
      on conflict do nothing
      returning 1
    )
    select (select id from a) as id, (select count(*)::int from c) as claimed,
      exists (select 1 from appointments h where h.provider_id = ${c.providerId} and h.status = 'held'
        and h.hold_expires_at <= ${now} and h.start_at < ${c.end} and h.end_at > ${c.start}) as stale_holds`.execute(
    tx,
  );
  const row = result.rows[0]!;
  const staleHolds = row.stale_holds;
  if (row.id === null) return { id: null, claimed: false, staleHolds };
  return { id: row.id, claimed: row.claimed === cells, staleHolds };
}

/** Removes the row of a lost claim (its cells go with it), for a caller that goes on writing. */
export async function dropLostClaim(tx: Tx, id: string): Promise<void> {
  await sql`${sql.raw(PREPARED)}delete from appointments where id = ${id}`.execute(tx);
}
