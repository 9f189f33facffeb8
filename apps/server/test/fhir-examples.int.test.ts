import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importForTenant } from '../src/fhir/import/import.service.js';
import { isSupportedType } from '../src/fhir/resource-types.js';
import { validate } from '../src/fhir/validation/validate.js';
import { startTestServer, type TestServer } from './harness.js';
import type { Json } from './fhir-helpers.js';

/**
 * The official R4 examples of the types served here: those the validator accepts load and
 * read back equal (meta aside); those it refuses are refused by the door too.
 */
let server: TestServer;
const examplesDir = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
const valid: Json[] = [];
let invalid = 0;

beforeAll(async () => {
  server = await startTestServer({}, { demo: false });
  for (const file of readdirSync(examplesDir).filter((f) => /^[A-Z][A-Za-z]+-.+\.json$/.test(f))) {
    const type = file.split('-')[0]!;
    if (!isSupportedType(type)) continue;
    const resource = JSON.parse(readFileSync(join(examplesDir, file), 'utf8'));
    if (resource.resourceType !== type || !/^[A-Za-z0-9\-.]{1,64}$/.test(resource.id ?? '')) continue;
    try {
      validate(resource);
      valid.push(resource);
    } catch {
      invalid++;
    }
  }
  const tenant = { id: server.tenantId, slug: 'test', name: 'Test' };
  for (let i = 0; i < valid.length; i += 200) {
    const entry = valid.slice(i, i + 200).map((resource) => ({
      resource,
      request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
    }));
    await importForTenant(
      server.runtime.database.db,
      tenant,
      { resourceType: 'Bundle', type: 'transaction', entry },
      'http://localhost:3000/fhir/R4',
      'examples',
    );
  }
}, 300_000);
afterAll(async () => server?.close());

describe('official R4 examples', () => {
  it('the valid ones load and read back equal', async () => {
    expect(valid.length).toBeGreaterThan(300);
    const rows = await sql<{ content: Json }>`select content from fhir_resources`.execute(
      server.runtime.database.db,
    );
    const stored = new Map(rows.rows.map((r) => [`${r.content.resourceType}/${r.content.id}`, r.content]));
    expect(stored.size).toBe(new Set(valid.map((v) => `${v.resourceType}/${v.id}`)).size);
    for (const sent of valid) {
      const { meta: _m1, ...back } = stored.get(`${sent.resourceType}/${sent.id}`);
      const { meta: sentMeta, ...original } = sent;
      const { versionId: _v, lastUpdated: _l, ...keptMeta } = _m1 ?? {};
      expect(back).toEqual(original);
      if (sentMeta)
        expect(keptMeta).toEqual(
          Object.fromEntries(
            Object.entries(sentMeta).filter(([k]) => k !== 'versionId' && k !== 'lastUpdated'),
          ),
        );
    }
  });

  it('some examples are refused by the validator (so the check means something)', () => {
    expect(invalid).toBeGreaterThan(0);
  });
});
