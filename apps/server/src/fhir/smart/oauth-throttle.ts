import { inTenant, type Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { checkLimit, countHit, type Limit } from '../../platform/auth/rate-limit.js';

/**
 * The OAuth endpoints where a client proves who it is (paths below the OAuth prefix). A run
 * of failures there from one address is someone guessing secrets, codes or refresh tokens,
 * or a broken client hammering the server: either way the address waits.
 */
const AUTHENTICATED_ENDPOINTS = new Set(['/token', '/introspect', '/revoke']);
const WINDOW_SECONDS = 900;

export function isThrottledEndpoint(method: string, path: string): boolean {
  return method === 'POST' && AUTHENTICATED_ENDPOINTS.has(path.split('?')[0]!);
}

/** A refused client request: a bad secret (401), a bad code, token or parameter (400). */
export const isFailure = (status: number) => status === 400 || status === 401;

export class OAuthThrottle {
  constructor(
    private readonly db: Db,
    private readonly maxFailures: number,
  ) {}

  private limit(ip: string): Limit {
    return { bucket: `oauth-fail:ip:${ip}`, max: this.maxFailures, windowSeconds: WINDOW_SECONDS };
  }

  /** How long the address must wait, in seconds, or null when it may go on. Only reads. */
  async waitFor(tenantId: string, ip: string): Promise<number | null> {
    try {
      await inTenant(this.db, tenantId, (tx) => checkLimit(tx, tenantId, this.limit(ip)));
      return null;
    } catch (error) {
      if (error instanceof AppError && error.kind === 'rate_limited')
        return Number(error.details.retryAfterSeconds) || 1;
      throw error;
    }
  }

  async countFailure(tenantId: string, ip: string): Promise<void> {
    await inTenant(this.db, tenantId, (tx) => countHit(tx, tenantId, this.limit(ip)));
  }
}

/** The answer to a throttled address, shaped as an OAuth error so clients can show it. */
export function throttledBody(): string {
  return JSON.stringify({
    error: 'temporarily_unavailable',
    error_description: 'Too many failed requests from this address. Wait and try again.',
  });
}
