import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerKind } from '@accompany/contracts';
import { inTenant } from '../src/platform/db/database.js';
import { ensureAccount, postEntry, readLedger } from '../src/modules/billing/ledger.repository.js';
import { jobScope } from '../src/modules/billing/job-scope.js';
import { signedAmount } from '../src/modules/billing/ledger.js';
import { seededRandom } from '../src/modules/billing/seeded-random.js';
import { startTestServer, type TestServer } from './harness.js';
import { balanceOf, demoPatient } from './billing-fixtures.js';

/** The ledger on a real database: its constraints, and seeded property runs. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const kinds: LedgerKind[] = [
  'charge',
  'insurance_payment',
  'adjustment',
  'patient_payment',
  'refund',
  'write_off',
];

describe('ledger constraints in the database', () => {
  it('refuses wrong signs, zero, a currency other than the account one, and any update or delete by the app', async () => {
    const p = await demoPatient(server, 20);
    const db = server.runtime.database.db;
    const account = await inTenant(db, server.tenantId, (tx) =>
      ensureAccount(tx, server.tenantId, p.patientId),
    );
    const insert = (kind: string, amount: number, currency = 'USD', reason: string | null = 'why') =>
      inTenant(db, server.tenantId, (tx) =>
        sql`insert into ledger_entries (tenant_id, account_id, currency, kind, amount_cents, description, reason, source_type)
            values (${server.tenantId}, ${account.id}, ${currency}, ${kind}, ${amount}, 'x', ${reason}, 'staff')`.execute(
          tx,
        ),
      );
    await expect(insert('charge', -100)).rejects.toThrow(/check/);
    await expect(insert('patient_payment', 100)).rejects.toThrow(/check/);
    await expect(insert('adjustment', 0)).rejects.toThrow(/check/);
    await expect(insert('write_off', -100, 'USD', null)).rejects.toThrow(/check/);
    await expect(insert('charge', 100, 'EUR')).rejects.toThrow(/foreign key/);
    await expect(insert('gift', 100)).rejects.toThrow(/check/);
    await expect(
      inTenant(db, server.tenantId, (tx) =>
        sql`insert into ledger_entries (tenant_id, account_id, currency, kind, amount_cents, description, source_type)
        values (${server.tenantId}, ${account.id}, 'USD', 'charge', ${10.5}, 'x', 'staff')`.execute(tx),
      ),
    ).rejects.toThrow(/bigint/);
    await insert('charge', 100);
    await expect(
      inTenant(db, server.tenantId, (tx) => sql`update ledger_entries set amount_cents = 1`.execute(tx)),
    ).rejects.toThrow(/permission/);
    await expect(
      inTenant(db, server.tenantId, (tx) => sql`delete from ledger_entries`.execute(tx)),
    ).rejects.toThrow(/permission/);
    expect(await balanceOf(server, account.id)).toBe(100);
  });

  it('posts an entry with a source once: a re-imported EOB line moves no money twice', async () => {
    const p = await demoPatient(server, 21);
    const db = server.runtime.database.db;
    const ids = await inTenant(db, server.tenantId, async (tx) => {
      const scope = await jobScope(tx, server.tenantId, 'test');
      const account = await ensureAccount(tx, server.tenantId, p.patientId);
      const entry = {
        kind: 'insurance_payment' as const,
        amountCents: -4_200,
        description: 'Office visit',
        sourceType: 'ExplanationOfBenefit' as const,
        sourceId: 'eob-123#1',
      };
      return [await postEntry(scope, account, entry), await postEntry(scope, account, entry), account.id];
    });
    expect(ids[0]).toBeTruthy();
    expect(ids[1]).toBeNull();
    expect(await balanceOf(server, ids[2]!)).toBe(-4_200);
  });
});

describe('ledger properties (seeded)', () => {
  it('for any sequence of valid operations, the balance is the sum and replaying it elsewhere gives the same money', async () => {
    const db = server.runtime.database.db;
    for (let seed = 1; seed <= 8; seed++) {
      const rnd = seededRandom(seed);
      const [a, b] = [await demoPatient(server, 30 + seed * 2), await demoPatient(server, 31 + seed * 2)];
      const ops: { kind: LedgerKind; amountCents: number }[] = [];
      let model = 0;
      for (let i = 0; i < 40; i++) {
        const kind = kinds[Math.floor(rnd() * kinds.length)]!;
        const magnitude = 1 + Math.floor(rnd() * 200_000);
        const amountCents = signedAmount(kind, rnd() < 0.5 ? magnitude : -magnitude);
        ops.push({ kind, amountCents });
        model += amountCents;
      }
      const apply = (patientId: string) =>
        inTenant(db, server.tenantId, async (tx) => {
          const scope = await jobScope(tx, server.tenantId, 'test');
          const account = await ensureAccount(tx, server.tenantId, patientId);
          for (const op of ops) {
            await postEntry(scope, account, {
              ...op,
              description: 'x',
              reason: 'property test',
              sourceType: 'staff',
              sourceId: randomUUID(),
            });
          }
          return { account, ledger: await readLedger(scope, account) };
        });
      const first = await apply(a.patientId);
      const replay = await apply(b.patientId);
      const sum = first.ledger.reduce((s, e) => s + e.amountCents, 0);
      expect(sum).toBe(model);
      expect(await balanceOf(server, first.account.id)).toBe(model);
      expect(await balanceOf(server, replay.account.id)).toBe(model);
      const multiset = (l: typeof first.ledger) => l.map((e) => `${e.kind}:${e.amountCents}`).sort();
      expect(multiset(first.ledger)).toEqual(multiset(replay.ledger));
      expect(first.ledger).toHaveLength(ops.length);
    }
  });
});
