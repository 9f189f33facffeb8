import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Statement } from '@accompany/contracts';
import { generateStatements } from '../src/modules/billing/statements.service.js';
import { startTestServer, TestClient, type TestServer } from './harness.js';
import { cardToken, charge, count, demoPatient } from './billing-fixtures.js';

/** Paying from a paper statement: its code and the patient's date of birth, no link, no account. */
let server: TestServer;
let code = '';
let birthDate = '';
beforeAll(async () => {
  server = await startTestServer();
  const p = await demoPatient(server, 11);
  birthDate = p.birthDate;
  await charge(server, p.patientId, 8_000);
  await generateStatements(server.runtime.database.db, server.tenantId, {
    platform: server.runtime.platform,
  });
  const row = await server.runtime.database.db
    .selectFrom('statements')
    .innerJoin('billing_accounts', 'billing_accounts.id', 'statements.account_id')
    .select('statements.code')
    .where('billing_accounts.patient_id', '=', p.patientId)
    .executeTakeFirstOrThrow();
  code = row.code;
});
afterAll(async () => server?.close());

const open = (client: TestClient, body: object) =>
  client.post<{ token: string; grant: string; statement: Statement; code?: string }>(
    '/api/pay/by-code',
    body,
  );

describe('paying with a statement code', () => {
  it('opens the statement with the right date of birth and pays it like a link', async () => {
    const client = new TestClient(server.app);
    const res = await open(client, { code: code.toLowerCase(), birthDate });
    expect(res.status).toBe(200);
    expect(res.body.statement).toMatchObject({ code, amountDueCents: 8_000 });
    const paid = await client.request(
      'POST',
      `/api/pay/${res.body.token}/payments`,
      { grant: res.body.grant, amountCents: 8_000, currency: 'USD', cardToken: await cardToken(client) },
      { 'idempotency-key': 'by-code-key-0001' },
    );
    expect(paid.status).toBe(202);
  });

  it('answers an unknown code like a wrong date, and counts both against the address', async () => {
    const client = new TestClient(server.app);
    const before = await count(server, 'payments');
    const unknown = await open(client, { code: 'ZZZZZZZZ', birthDate });
    const wrong = await open(client, { code, birthDate: '1900-01-01' });
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(400);
    expect(unknown.body.code).toBe(wrong.body.code);
    expect((unknown.body as unknown as { detail: string }).detail).toBe(
      (wrong.body as unknown as { detail: string }).detail,
    );
    expect(await count(server, 'rate_limits', sql`bucket like 'pay-code-ip:%'`)).toBeGreaterThan(0);
    expect(await count(server, 'payments')).toBe(before);
  });

  it('locks the statement after five wrong dates, whoever tries', async () => {
    const client = new TestClient(server.app);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await open(client, { code, birthDate: `1901-01-0${i + 1}` })).status);
    expect(statuses.slice(-1)[0]).toBe(429);
    expect((await open(client, { code, birthDate })).status).toBe(429);
  });

  it('refuses malformed codes before looking anything up', async () => {
    const client = new TestClient(server.app);
    expect((await open(client, { code: 'SHORT', birthDate })).status).toBe(400);
    expect((await open(client, { code: 'ABCDEFGI', birthDate })).status).toBe(400);
  });
});
