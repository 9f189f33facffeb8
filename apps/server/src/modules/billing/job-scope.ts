import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/database.js';
import type { Scope } from '../../platform/http/context.js';

/** The scope a billing job works in: no person acting, the tenant read inside the transaction. */
export async function jobScope(tx: Tx, tenantId: string, job: string): Promise<Scope> {
  const tenant = await tx
    .selectFrom('tenants')
    .select(['id', 'slug', 'name'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return { tx, tenant, actor: null, meta: { ip: null, userAgent: `job:${job}`, requestId: randomUUID() } };
}
