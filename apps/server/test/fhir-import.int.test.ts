import { validateResource } from '@medplum/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefinitions } from '../src/fhir/definitions.js';
import { importForTenant } from '../src/fhir/import/import.service.js';
import { mergeTally, type ImportTally } from '../src/fhir/import/importer.js';
import { onPostgres, startTestServer, type TestServer } from './harness.js';
import { readBundle, syntheaFiles } from './fhir-fixtures.js';

/**
 * The Synthea export: 30 patient bundles plus the hospital and practitioner bundles, each
 * patient bundle repeating the Organizations and Practitioners it references. On PGlite
 * (the fast tier) a subset of patients is imported; on PostgreSQL all of them.
 */
let server: TestServer;
const files = syntheaFiles();
const chosen = onPostgres() ? files : files.slice(0, 2 + 8);
const tally: ImportTally = {};
const sent = new Map<string, Record<string, unknown>>();
const BASE = 'http://localhost:3000/fhir/R4';

const tenant = () => ({ id: server.tenantId, slug: 'demo', name: 'Riverside Community Health' });

beforeAll(async () => {
  // No demo organization: its directory is also kept as FHIR resources, and this counts imports only.
  server = await startTestServer({}, { demo: false });
  for (const file of chosen) {
    const bundle = readBundle(file);
    for (const e of bundle.entry) {
      const key = `${e.resource.resourceType}/${e.resource.id}`;
      if (!sent.has(key)) sent.set(key, e.resource); // the first copy loaded is the one kept
    }
    mergeTally(
      tally,
      await importForTenant(server.runtime.database.db, tenant(), bundle, BASE, 'import-test'),
    );
  }
}, 600_000);
afterAll(async () => server?.close());

/** What the importer must store for a sent resource: urn:uuid references become Type/id. */
function expected(resource: Record<string, unknown>): unknown {
  const text = JSON.stringify(resource).replace(/"reference":"urn:uuid:([^"]+)"/g, (_m, id: string) => {
    const type = [...sent.keys()].find((k) => k.endsWith(`/${id}`))?.split('/')[0];
    return `"reference":"${type}/${id}"`;
  });
  const { meta: _meta, ...rest } = JSON.parse(text);
  return rest;
}

describe('importing the Synthea export', () => {
  it('creates each Organization and Practitioner once', async () => {
    const rows = await sql<{ resource_type: string; n: number }>`
      select resource_type, count(*)::int as n from fhir_resources group by 1`.execute(
      server.runtime.database.db,
    );
    const counts = Object.fromEntries(rows.rows.map((r) => [r.resource_type, r.n]));
    const distinct = (type: string) => [...sent.keys()].filter((k) => k.startsWith(`${type}/`)).length;
    expect(counts.Organization).toBe(distinct('Organization'));
    expect(counts.Practitioner).toBe(distinct('Practitioner'));
    expect(counts.Patient).toBe(chosen.length - 2);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(sent.size);
    expect(tally.Observation?.failed ?? 0).toBe(0);
  });

  it('stores every resource valid and equal to what was sent, ids and meta aside', async () => {
    loadDefinitions();
    const rows = await sql<{ content: Record<string, unknown> }>`select content from fhir_resources`.execute(
      server.runtime.database.db,
    );
    expect(rows.rows.length).toBe(sent.size);
    let compared = 0;
    for (const { content } of rows.rows) {
      expect(
        validateResource(content as never).filter((i: { severity: string }) => i.severity === 'error'),
      ).toEqual([]);
      const original = sent.get(`${content.resourceType}/${content.id}`)!;
      const { meta: _meta, ...stored } = content;
      expect(stored).toEqual(expected(original));
      compared++;
    }
    expect(compared).toBe(sent.size);
  });

  it('changes nothing when the same data is imported again', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from fhir_history`.execute(
      server.runtime.database.db,
    );
    const again: ImportTally = {};
    for (const file of chosen.slice(0, 3)) {
      mergeTally(
        again,
        await importForTenant(server.runtime.database.db, tenant(), readBundle(file), BASE, 'import-again'),
      );
    }
    const after = await sql<{ n: number }>`select count(*)::int as n from fhir_history`.execute(
      server.runtime.database.db,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    for (const counts of Object.values(again)) {
      expect(counts.created + counts.updated + counts.failed).toBe(0);
    }
  });
});
