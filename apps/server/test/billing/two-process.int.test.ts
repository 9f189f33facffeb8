/**
 * Idempotent payments across two real server processes on one PostgreSQL database: the
 * same keys sent to both at once still charge once each, and either process's workers
 * may settle them. PostgreSQL pass only (an embedded database is one process's): this
 * file sits where vitest.config.ts leaves two-process files out of the PGlite pass.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, onPostgres } from '../harness.js';
import { Browser, startProcess, stopProcess, waitReady, type ServerProcess } from '../server-process.js';

const PASSWORD = 'accompany-demo';

let a: ServerProcess;
let b: ServerProcess;
let databaseUrl: string;
const dirs: string[] = [];

beforeAll(async () => {
  if (!onPostgres()) throw new Error('This test needs TEST_DATABASE_URL (a PostgreSQL server)');
  databaseUrl = await createTestDatabase();
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'accompany-billing-2p-'));
    dirs.push(d);
    return d;
  };
  a = await startProcess(databaseUrl, dir(), {});
  await waitReady(a);
  b = await startProcess(databaseUrl, dir(), { DEMO_DATA: 'false' });
  await waitReady(b);
}, 180_000);

afterAll(async () => {
  await stopProcess(a);
  await stopProcess(b);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('payments on two processes', () => {
  it('200 requests carrying 50 keys, split over both processes at once, make exactly 50 charges', async () => {
    const email = /first patients: ([^,\s]+)/.exec(a.output.join(''))?.[1] ?? '';
    expect(email).toMatch(/@example\.com$/);
    const browser = new Browser();
    await browser.refresh(a);
    const signedIn = await browser.request(a, 'POST', '/api/auth/sign-in', { email, password: PASSWORD });
    expect(signedIn.status).toBe(200);
    await browser.refresh(a);
    const card = await browser.request<{ token: string }>(a, 'POST', '/sandbox-gateway/v1/tokens', {
      number: '4242424242424242',
      expMonth: 12,
      expYear: 2034,
      cvc: '123',
    });
    expect(card.status).toBe(201);
    const keys = Array.from({ length: 50 }, () => randomUUID());
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        browser.request<{ id: string }>(
          i % 2 === 0 ? a : b,
          'POST',
          '/api/billing/payments',
          { amountCents: 100, currency: 'USD', cardToken: card.body.token },
          { 'idempotency-key': keys[i % 50]! },
        ),
      ),
    );
    expect(answers.filter((r) => r.status !== 202).map((r) => r.body)).toEqual([]);
    const ids = new Map<string, Set<string>>();
    answers.forEach((r, i) => ids.set(keys[i % 50]!, (ids.get(keys[i % 50]!) ?? new Set()).add(r.body.id)));
    expect([...ids.values()].every((s) => s.size === 1)).toBe(true);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const settled = async () =>
        Number(
          (
            await client.query<{ n: string }>(
              "select count(*) as n from payments where card_token = $1 and status = 'succeeded'",
              [card.body.token],
            )
          ).rows[0]!.n,
        );
      const end = Date.now() + 60_000;
      while ((await settled()) < 50 && Date.now() < end) await sleep(200);
      expect(await settled()).toBe(50);
      const charges = await client.query<{ n: string }>(
        'select count(*) as n from sandbox_gateway_charges where token = $1',
        [card.body.token],
      );
      expect(Number(charges.rows[0]!.n)).toBe(50);
      const posted = await client.query<{ n: string }>(
        "select count(*) as n from ledger_entries where source_type = 'payment' and source_id in (select id::text from payments where card_token = $1)",
        [card.body.token],
      );
      expect(Number(posted.rows[0]!.n)).toBe(50);
    } finally {
      await client.end();
    }
  }, 120_000);
});
