import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { AppError } from '../errors.js';

export interface Limit {
  /** What is being counted, e.g. `sign-in:ip:203.0.113.9`. Never a raw email: hash it. */
  bucket: string;
  max: number;
  windowSeconds: number;
}

/**
 * Counts one hit in a fixed window stored in the database, so every server process sees
 * the same count. Throws rate_limited once the window is full.
 */
export async function hit(tx: Tx, tenantId: string, limit: Limit): Promise<void> {
  const row = await sql<{ hits: number; window_start: Date }>`
    insert into rate_limits (tenant_id, bucket, window_start, hits)
    values (${tenantId}, ${limit.bucket},
            to_timestamp(floor(extract(epoch from now()) / ${limit.windowSeconds}) * ${limit.windowSeconds}), 1)
    on conflict (tenant_id, bucket, window_start) do update set hits = rate_limits.hits + 1
    returning hits, window_start`.execute(tx);
  const counted = row.rows[0]!;
  if (counted.hits > limit.max) {
    const resetAt = counted.window_start.getTime() + limit.windowSeconds * 1000;
    throw new AppError('rate_limited', 'Too many attempts. Please wait and try again.', {
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)),
      keepWrites: true,
    });
  }
}

/** Old windows are useless; a job calls this now and then. */
export async function pruneRateLimits(tx: Tx): Promise<void> {
  await tx.deleteFrom('rate_limits').where('window_start', '<', sql<Date>`now() - interval '1 day'`).execute();
}
