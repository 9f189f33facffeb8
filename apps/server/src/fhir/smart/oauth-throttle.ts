import type { IncomingMessage } from 'node:http';
import type { KoaContextLike } from 'oidc-provider';
import type { Logger } from 'pino';
import { inTenant, type Db } from '../../platform/db/database.js';
import { countHit, windowEndsAt } from '../../platform/auth/rate-limit.js';
import { keepBounded } from '../../platform/http/address-limiter.js';

/**
 * The OAuth endpoints where a client proves who it is (paths below the OAuth prefix). A run
 * of failures there from one address is someone guessing secrets, codes or refresh tokens,
 * or a broken client hammering the server: either way the address waits.
 */
const AUTHENTICATED_ENDPOINTS = new Set(['/token', '/introspect', '/revoke']);
const WINDOW_SECONDS = 900;
/** Bounds the memory an attacker with many addresses can make the refusals hold. */
const MAX_REFUSED_ADDRESSES = 10_000;

export function isThrottledEndpoint(method: string, path: string): boolean {
  return method === 'POST' && AUTHENTICATED_ENDPOINTS.has(path.split('?')[0]!);
}

/** A refused client request: a bad secret (401), a bad code, token or parameter (400). */
const isFailure = (status: number) => status === 400 || status === 401;

/** The client address as the HTTP server worked it out (proxy settings applied), for the OAuth app. */
const CLIENT_ADDRESS = Symbol('client address');
type AddressedRequest = IncomingMessage & { [CLIENT_ADDRESS]?: string };
export function rememberClientAddress(raw: IncomingMessage, ip: string) {
  (raw as AddressedRequest)[CLIENT_ADDRESS] = ip;
}

/**
 * Failures are counted in the database, so every process adds to one count. A request that
 * succeeds costs nothing extra: the process that counts the failure filling the window
 * remembers the address until the window ends and turns it away unread. Another process
 * learns the same from the address's next failure there, so each process lets at most one
 * more failure through.
 */
export class OAuthThrottle {
  private readonly refusedUntil = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly maxFailures: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long the address must wait, in seconds, or null when it may go on. */
  waitFor(tenantId: string, ip: string): number | null {
    const key = `${tenantId} ${ip}`;
    const until = this.refusedUntil.get(key);
    if (until === undefined) return null;
    const left = until - this.now();
    if (left > 0) return Math.ceil(left / 1000);
    this.refusedUntil.delete(key);
    return null;
  }

  /**
   * Middleware for a tenant's OAuth app: counts a refused request before its answer leaves,
   * so a client that retries at once already meets the count.
   */
  failureCounter(tenantId: string) {
    return async (ctx: KoaContextLike, next: () => Promise<void>) => {
      await next();
      const ip = (ctx.req as AddressedRequest)[CLIENT_ADDRESS];
      if (ip === undefined || !isThrottledEndpoint(ctx.method, ctx.path) || !isFailure(ctx.status)) return;
      await this.countFailure(tenantId, ip).catch((error: unknown) =>
        this.log.error({ err: error }, 'an OAuth failure was not counted'),
      );
    };
  }

  async countFailure(tenantId: string, ip: string): Promise<void> {
    const limit = { bucket: `oauth-fail:ip:${ip}`, max: this.maxFailures, windowSeconds: WINDOW_SECONDS };
    const counted = await inTenant(this.db, tenantId, (tx) => countHit(tx, tenantId, limit));
    if (counted.hits < this.maxFailures) return;
    const now = this.now();
    keepBounded(this.refusedUntil, MAX_REFUSED_ADDRESSES, (until) => until <= now);
    this.refusedUntil.set(`${tenantId} ${ip}`, windowEndsAt(limit, counted.window_start));
  }
}

/** The answer to a throttled address, shaped as an OAuth error so clients can show it. */
export function throttledBody(): string {
  return JSON.stringify({
    error: 'temporarily_unavailable',
    error_description: 'Too many failed requests from this address. Wait and try again.',
  });
}
