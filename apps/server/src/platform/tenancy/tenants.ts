import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Tenant } from '../http/context.js';
import { AppError } from '../errors.js';

/**
 * Resolves the tenant of a request from its host name (a tenant lists the host names it
 * serves), falling back to the configured default tenant. Tenants change rarely, so the
 * answer is kept for a short while; nothing else is cached in process memory.
 */
export class TenantDirectory {
  private cache = new Map<string, { tenant: Tenant; until: number }>();
  constructor(
    private readonly db: Db,
    private readonly defaultSlug: string,
    private readonly ttlMs = 30_000,
  ) {}

  async resolve(hostname: string): Promise<Tenant> {
    const host = hostname.toLowerCase().replace(/:\d+$/, '');
    const hit = this.cache.get(host);
    if (hit && hit.until > Date.now()) return hit.tenant;
    const row =
      (await this.db
        .selectFrom('tenants')
        .select(['id', 'slug', 'name'])
        .where(sql<boolean>`${host} = any(hostnames)`)
        .executeTakeFirst()) ??
      (await this.db
        .selectFrom('tenants')
        .select(['id', 'slug', 'name'])
        .where('slug', '=', this.defaultSlug)
        .executeTakeFirst());
    if (!row) throw new AppError('unavailable', 'This service has no organization set up yet');
    this.cache.set(host, { tenant: row, until: Date.now() + this.ttlMs });
    return row;
  }

  forget() {
    this.cache.clear();
  }
}
