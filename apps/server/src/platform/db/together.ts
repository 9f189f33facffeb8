import { sql, type Expression, type OperationNodeSource, type RawBuilder } from 'kysely';
import { PREPARED, type Tx } from './database.js';

/** A statement that can run inside a WITH clause: an insert, update or delete (builder or raw SQL). */
export type Statement = OperationNodeSource & Partial<Expression<unknown>>;

/**
 * The WITH-clause entries `w0 as (…), w1 as (…)` of independent writes, to follow other entries
 * of the caller's own statement (see writeTogether). Empty when there are none.
 */
export function togetherEntries(statements: readonly Statement[]): RawBuilder<unknown> {
  return sql.join(statements.map((s, i) => sql`${sql.raw(`w${i}`)} as (${s})`));
}

/**
 * Runs independent writes as one statement, each a data-modifying CTE: one round trip and one
 * parse instead of one per write. PostgreSQL runs every CTE of the statement to completion, in
 * the caller's transaction, so the writes commit or roll back together as separate statements
 * would. The writes must not read each other's rows (CTEs share one snapshot).
 */
export async function writeTogether(tx: Tx, statements: readonly Statement[]): Promise<void> {
  if (statements.length === 0) return;
  await sql`${sql.raw(PREPARED)}with ${togetherEntries(statements)} select 1`.execute(tx);
}
