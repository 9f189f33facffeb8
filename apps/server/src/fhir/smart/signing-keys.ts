import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import { inTenant } from '../../platform/db/database.js';
import type { Keyring } from '../../platform/crypto/tokens.js';

/**
 * The tenant's key for signing ID tokens: made on first use and stored encrypted, so every
 * server process signs with the same key and no key lives in the code. Two processes racing
 * to make it both read back the one that was stored first.
 */
export async function tenantSigningKey(
  db: Db,
  keyring: Keyring,
  tenantId: string,
): Promise<Record<string, unknown>> {
  const read = () =>
    inTenant(db, tenantId, (tx) =>
      tx.selectFrom('smart_signing_keys').select(['kid', 'private_jwk_sealed']).executeTakeFirst(),
    );
  let row = await read();
  if (!row) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomUUID();
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
    await inTenant(db, tenantId, (tx) =>
      tx
        .insertInto('smart_signing_keys')
        .values({ tenant_id: tenantId, kid, private_jwk_sealed: keyring.encrypt(JSON.stringify(jwk)) })
        .onConflict((oc) => oc.column('tenant_id').doNothing())
        .execute(),
    );
    row = await read();
  }
  return JSON.parse(keyring.decrypt(row!.private_jwk_sealed)) as Record<string, unknown>;
}
