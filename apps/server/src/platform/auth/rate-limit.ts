import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { AppError } from '../errors.js';

export interface Limit {
  /** What is being counted, e.g. `sign-in:ip:203.0.113.9`. Never a raw email: hash it. */
  bucket: string;
  max: number;
  windowSeconds: number;
}

const windowStart = (seconds: number) =>
  sql<Date>`to_timestamp(floor(extract(epoch from now()) / ${seconds}) * ${seconds})`;

/** When the window that started at `windowStartedAt` ends, in epoch milliseconds. */
export const windowEndsAt = (limit: Limit, windowStartedAt: Date) =>
  windowStartedAt.getTime() + limit.windowSeconds * 1000;

function limited(limit: Limit, hits: number, windowStartedAt: Date): AppError | null {
  if (hits <= limit.max) return null;
  const resetAt = windowEndsAt(limit, windowStartedAt);
  return new AppError('rate_limited', 'Too many attempts. Please wait and try again.', {
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt - Date.now()) / 1000)),
    keepWrites: true,
  });
}

/**
 * Counts one hit in a fixed window stored in the database, so every server process sees
 * the same count, and returns the count. The counter row stays locked until the
 * transaction ends: in a slow transaction (a password hash) count last, after checkLimit.
 */
export async function countHit(tx: Tx, tenantId: string, limit: Limit) {
  const result = await sql<{ hits: number; window_start: Date }>`
    insert into rate_limits (tenant_id, bucket, window_start, hits)
    values (${tenantId}, ${limit.bucket}, ${windowStart(limit.windowSeconds)}, 1)
    on conflict (tenant_id, bucket, window_start) do update set hits = rate_limits.hits + 1
    returning hits, window_start`.execute(tx);
  return result.rows[0]!;
}

/** Throws rate_limited when the window is already full. It only reads, so it locks nothing. */
export async function checkLimit(tx: Tx, tenantId: string, limit: Limit): Promise<void> {
  const row = await tx
    .selectFrom('rate_limits')
    .select(['hits', 'window_start'])
    .where('tenant_id', '=', tenantId)
    .where('bucket', '=', limit.bucket)
    .where('window_start', '=', windowStart(limit.windowSeconds))
    .executeTakeFirst();
  const error = row && limited(limit, row.hits + 1, row.window_start);
  if (error) throw error;
}

/** Counts one hit and throws once the window is full: for quick transactions. */
export async function hit(tx: Tx, tenantId: string, limit: Limit): Promise<void> {
  const counted = await countHit(tx, tenantId, limit);
  const error = limited(limit, counted.hits, counted.window_start);
  if (error) throw error;
}

/** Old windows are useless; a job calls this now and then. */
export async function pruneRateLimits(tx: Tx): Promise<void> {
  await tx
    .deleteFrom('rate_limits')
    .where('window_start', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
}
