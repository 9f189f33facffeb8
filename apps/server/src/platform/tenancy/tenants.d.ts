import type { Db } from '../db/database.js';
import type { Tenant } from '../http/context.js';
/**
 * Resolves the tenant of a request from its host name (a tenant lists the host names it
 * serves), falling back to the configured default tenant. Tenants change rarely, so the
 * answer is kept for a short while; nothing else is cached in process memory.
 */
export declare class TenantDirectory {
    private readonly db;
    private readonly defaultSlug;
    private readonly ttlMs;
    private cache;
    constructor(db: Db, defaultSlug: string, ttlMs?: number);
    resolve(hostname: string): Promise<Tenant>;
    forget(): void;
}
