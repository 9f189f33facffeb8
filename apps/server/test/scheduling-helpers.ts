import type { Appointment, SearchResponse, SlotsResponse } from '@accompany/contracts';
import { expect } from 'vitest';
import { TestClient, type TestServer } from './harness.js';

/** Demo patients' emails, in a stable order (every third one prefers Spanish). */
export async function demoPatients(server: TestServer, count: number) {
  return server.runtime.database.db
    .selectFrom('users')
    .select(['email', 'patient_id', 'locale'])
    .where('role', '=', 'patient')
    .orderBy('email')
    .limit(count)
    .execute();
}

export async function signedInPatients(server: TestServer, count: number): Promise<TestClient[]> {
  const people = await demoPatients(server, count);
  const clients: TestClient[] = [];
  for (const p of people) {
    const c = new TestClient(server.app);
    expect((await c.signIn(p.email)).status).toBe(200);
    clients.push(c);
  }
  return clients;
}

/** A family-medicine provider in Brooklyn with the sick-visit type, and their open slots. */
export async function brooklynSickVisit(client: TestClient, days = 14) {
  const search = await client.get<SearchResponse>('/api/scheduling/search?reason=sore%20throat&zip=11231');
  expect(search.status).toBe(200);
  const first = search.body.items[0]!;
  expect(first.location.postalCode).toBe('11231');
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const slots = await client.get<SlotsResponse>(
    `/api/scheduling/providers/${first.provider.id}/slots?visitTypeId=${first.visitType.id}&locationId=${first.location.id}&from=${from}&days=${days}`,
  );
  expect(slots.status).toBe(200);
  return {
    provider: first.provider,
    location: first.location,
    visitType: first.visitType,
    slots: slots.body.slots,
  };
}

export const bookingBody = (
  pick: Awaited<ReturnType<typeof brooklynSickVisit>>,
  start: string,
  extra: Record<string, unknown> = {},
) => ({
  providerId: pick.provider.id,
  locationId: pick.location.id,
  visitTypeId: pick.visitType.id,
  start,
  ...extra,
});

export type { Appointment };
