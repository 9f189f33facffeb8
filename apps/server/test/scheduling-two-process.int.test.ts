/**
 * Booking through two real server processes on one PostgreSQL database: the no-double-booking
 * rule holds across processes because it lives in the database, not in either process. Runs in
 * the PostgreSQL pass only (vitest.config.ts leaves *two-process files out of the PGlite pass).
 */
import type { SearchResponse, SlotsResponse } from '@accompany/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres } from './harness.js';
import {
  Browser,
  sharedDatabase,
  startProcess,
  stopProcess,
  waitReady,
  type ServerProcess,
  type SharedDatabase,
} from './server-process.js';

describe('booking through two server processes on one PostgreSQL database', () => {
  if (!onPostgres()) throw new Error('Set TEST_DATABASE_URL (scripts/postgres.sh starts a server)');
  let one: ServerProcess;
  let two: ServerProcess;
  let shared: SharedDatabase | undefined;
  let db: pg.Client;

  beforeAll(async () => {
    shared = await sharedDatabase('accompany-booking-two-');
    const { databaseUrl, dataDir } = shared;
    db = shared.db;
    one = await startProcess(databaseUrl, dataDir, { DEMO_DATA: 'true' });
    two = await startProcess(databaseUrl, dataDir, { DEMO_DATA: 'false' });
    await Promise.all([waitReady(one), waitReady(two)]);
  });

  afterAll(async () => {
    await Promise.all([stopProcess(one), stopProcess(two)]);
    await shared?.close();
  });

  it('200 concurrent bookers on 50 slots, split across both processes: exactly 50 appointments and 150 409s', async () => {
    const emails = (
      await db.query<{ email: string }>(
        `select email from users where role = 'patient' order by email limit 40`,
      )
    ).rows.map((r) => r.email);
    const patients: Patient[] = [];
    for (const [i, email] of emails.entries()) {
      const p = new Browser();
      expect((await p.signIn(i % 2 ? two : one, email)).body.status).toBe('signed_in');
      patients.push(p);
    }
    const search = await patients[0]!.request<SearchResponse>(
      one,
      'GET',
      '/api/scheduling/search?reason=sore%20throat&zip=11231',
    );
    const first = search.body.items[0]!;
    const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const slots = await patients[0]!.request<SlotsResponse>(
      two,
      'GET',
      `/api/scheduling/providers/${first.provider.id}/slots?visitTypeId=${first.visitType.id}&locationId=${first.location.id}&from=${from}&days=21`,
    );
    const chosen = slots.body.slots.slice(0, 50);
    expect(chosen).toHaveLength(50);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        patients[i % 40]!.request<{ code?: string; nextSlots?: unknown[] }>(
          i % 2 ? two : one,
          'POST',
          '/api/appointments',
          {
            providerId: first.provider.id,
            locationId: first.location.id,
            visitTypeId: first.visitType.id,
            start: chosen[i % 50]!.start,
          },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(50);
    const losers = results.filter((r) => r.status === 409);
    expect(losers).toHaveLength(150);
    for (const r of losers) expect(Array.isArray(r.body.nextSlots)).toBe(true);
    const live = await db.query<{ n: number; distinct_starts: number }>(
      `select count(*)::int as n, count(distinct start_at)::int as distinct_starts from appointments
        where provider_id = $1 and status in ('held', 'booked', 'checked_in')`,
      [first.provider.id],
    );
    expect(live.rows[0]).toEqual({ n: 50, distinct_starts: 50 });
  });
});
