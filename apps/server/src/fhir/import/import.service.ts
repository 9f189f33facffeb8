import { inTenant, type Db } from '../../platform/db/database.js';
import type { Tenant } from '../../platform/http/context.js';
import { systemAccess, type FhirContext } from '../access.js';
import type { Bundle } from '../types.js';
import { importBundle, type ImportTally } from './importer.js';

/**
 * Imports one bundle for a tenant in its own transaction, as the organization itself (the
 * import CLI). Audit rows name no actor and carry the request id given.
 */
export async function importForTenant(
  db: Db,
  tenant: Tenant,
  bundle: Bundle,
  base: string,
  requestId: string,
): Promise<ImportTally> {
  return inTenant(db, tenant.id, (tx) => {
    const ctx: FhirContext = {
      scope: { tx, tenant, actor: null, meta: { ip: null, userAgent: 'accompany-import', requestId } },
      access: systemAccess,
    };
    return importBundle(ctx, bundle, base);
  });
}
