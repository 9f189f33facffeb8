import { sql, type Expression, type OperationNodeSource } from 'kysely';
import { PREPARED, type Tx } from './database.js';

/** A statement that can run inside a WITH clause: an insert, update or delete (builder or raw SQL). */
export type Statement = OperationNodeSource & Partial<Expression<unknown>>;

/**
 * Runs independent writes as one statement, each a data-modifying CTE: one round trip and one
 * parse instead of one per write. PostgreSQL runs every CTE of the statement to completion, in
 * the caller's transaction, so the writes commit or roll back together as separate statements
 * would. The writes must not read each other's rows (CTEs share one snapshot).
 */
export async function writeTogether(tx: Tx, statements: readonly Statement[]): Promise<void> {
  if (statements.length === 0) return;
  const parts = statements.map((s, i) => sql`${sql.raw(`w${i}`)} as (${s})`);
  await sql`${sql.raw(PREPARED)}with ${sql.join(parts)} select 1`.execute(tx);
}
