import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';
import { fhirAppWithGrants, grantToken } from './fhir-helpers.js';

/** A real FHIR client library over real HTTP: create, read, update, search, paging, delete. */
let server: TestServer;
let app: FastifyInstance;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let client: any;

beforeAll(async () => {
  server = await startTestServer({}, { demo: false });
  app = await fhirAppWithGrants(server);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const token = grantToken({
    tenantId: server.tenantId,
    clientId: 'fhir-kit',
    userId: null,
    patientId: null,
    scopes: ['system/*.cruds'],
    grantId: randomUUID(),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  client = new (Client as any)({
    baseUrl: `${address}/fhir/R4`,
    customHeaders: { authorization: `Bearer ${token}` },
  });
});
afterAll(async () => {
  await app?.close();
  await server?.close();
});

describe('fhir-kit-client against the door', () => {
  it('reads the CapabilityStatement', async () => {
    const cs = await client.capabilityStatement();
    expect(cs.fhirVersion).toBe('4.0.1');
  });

  it('creates, reads, updates and deletes', async () => {
    const created = await client.create({
      resourceType: 'Patient',
      body: { resourceType: 'Patient', name: [{ family: 'Kitclient', given: ['Fhir'] }] },
    });
    expect(created.id).toBeTruthy();
    const read = await client.read({ resourceType: 'Patient', id: created.id });
    expect(read.name[0].family).toBe('Kitclient');
    const updated = await client.update({
      resourceType: 'Patient',
      id: created.id,
      body: { ...read, gender: 'female' },
    });
    expect(updated.meta.versionId).toBe('2');
    await client.delete({ resourceType: 'Patient', id: created.id });
    await expect(client.read({ resourceType: 'Patient', id: created.id })).rejects.toMatchObject({
      response: { status: 410 },
    });
  });

  it('searches and follows next links to the end', async () => {
    const family = `Pager${randomUUID().slice(0, 6)}`;
    const made = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const p = await client.create({
        resourceType: 'Patient',
        body: { resourceType: 'Patient', name: [{ family, given: [`N${i}`] }] },
      });
      made.add(p.id);
    }
    const seen: string[] = [];
    let page = await client.search({ resourceType: 'Patient', searchParams: { family, _count: 5 } });
    while (page) {
      seen.push(...(page.entry ?? []).map((e: { resource: { id: string } }) => e.resource.id));
      page = await client.nextPage({ bundle: page });
    }
    expect(seen.length).toBe(12);
    expect(new Set(seen)).toEqual(made);
  });
});
