import type { Tx } from '../db/database.js';
export interface Limit {
    /** What is being counted, e.g. `sign-in:ip:203.0.113.9`. Never a raw email: hash it. */
    bucket: string;
    max: number;
    windowSeconds: number;
}
/**
 * Counts one hit in a fixed window stored in the database, so every server process sees
 * the same count, and returns the count. The counter row stays locked until the
 * transaction ends: in a slow transaction (a password hash) count last, after checkLimit.
 */
export declare function countHit(tx: Tx, tenantId: string, limit: Limit): Promise<{
    hits: number;
    window_start: Date;
}>;
/** Throws rate_limited when the window is already full. It only reads, so it locks nothing. */
export declare function checkLimit(tx: Tx, tenantId: string, limit: Limit): Promise<void>;
/** Counts one hit and throws once the window is full: for quick transactions. */
export declare function hit(tx: Tx, tenantId: string, limit: Limit): Promise<void>;
/** Old windows are useless; a job calls this now and then. */
export declare function pruneRateLimits(tx: Tx): Promise<void>;
