import { randomUUID } from 'node:crypto';
import { serverModule } from './fhir-server-module.js';
import { observation, patient } from './fhir-workload.js';

/**
 * The floor under the door: the same rows a bundle of 100 writes (current rows, history, index
 * rows), inserted straight into PostgreSQL by 4 connections, 100 per transaction: no HTTP,
 * no validation, no extraction, no audit.
 */
export async function rawInsertRate(databaseUrl: string, seconds: number): Promise<number> {
  const { systemAccess } = await serverModule('fhir/access.ts');
  const { prepareVersion } = await serverModule('fhir/store/prepare.ts');
  const { writeVersions } = await serverModule('fhir/store/resource.repository.ts');
  const { inTenant, openDatabase } = await serverModule('platform/db/database.ts');
  const handle = await openDatabase({ databaseUrl, poolSize: 4 });
  try {
    const tenant = await handle.db.selectFrom('tenants').select('id').executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const patientId = randomUUID();
    const template: { id: string }[] = [
      prepareVersion(systemAccess, patient(1), patientId, undefined, now).write,
      ...Array.from(
        { length: 99 },
        (_, i) =>
          prepareVersion(systemAccess, observation(`Patient/${patientId}`, i), randomUUID(), undefined, now)
            .write,
      ),
    ];
    let written = 0;
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (Date.now() < until) {
          const batch = template.map((w) => ({ ...w, id: randomUUID() }));
          await inTenant(handle.db, tenant.id, (tx: unknown) => writeVersions(tx, tenant.id, batch));
          written += batch.length;
        }
      }),
    );
    return written / seconds;
  } finally {
    await handle.close();
  }
}
