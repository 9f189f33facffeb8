import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyRoute } from '../src/platform/http/route.js';
import { encodeCursor } from '../src/platform/http/cursor.js';
import { authRoutes } from '../src/modules/accounts/auth.routes.js';
import { meRoutes } from '../src/modules/accounts/me.routes.js';
import { staffRoutes } from '../src/modules/staff/staff.routes.js';
import { systemRoutes } from '../src/modules/system/system.routes.js';
import { smartRoutes } from '../src/fhir/smart/smart.routes.js';
import { directoryRoutes } from '../src/modules/directory/directory.routes.js';
import { schedulingRoutes } from '../src/modules/scheduling/scheduling.routes.js';
import { scheduleStaffRoutes } from '../src/modules/scheduling/schedule-staff.routes.js';
import { billingRoutes } from '../src/modules/billing/billing.routes.js';
import { payLinkRoutes } from '../src/modules/billing/pay-link.routes.js';
import { billingConsoleRoutes } from '../src/modules/billing/console.routes.js';
import { paymentConfigRoutes } from '../src/modules/billing/payment-config.routes.js';
import { enrolStaff, startTestServer, TestClient, type Res, type TestServer } from './harness.js';

/**
 * Bad input on every route the server registers, sent by a user allowed to call it.
 * Each answer must be a 4xx problem+json with a code, and nothing may be written: the
 * row count of every table is the same before and after. No table is exempt, because
 * none of these requests gets past the door (the sign-ins that legitimately write
 * sessions and rate-limit hits happen in beforeAll, before the first snapshot).
 */
const MAX_BODY_BYTES = 32_768; // small, yet big enough for the 10,000-deep nesting below
let server: TestServer;
let routes: AnyRoute[];
let anonymous: TestClient;
let patient: TestClient;
let admin: TestClient;
/** Password given, code not yet: the only caller the second sign-in step accepts. */
let halfSignedIn: TestClient;

beforeAll(async () => {
  server = await startTestServer({ MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
  routes = [
    ...authRoutes,
    ...meRoutes,
    ...staffRoutes,
    ...systemRoutes(server.runtime.mailer),
    ...smartRoutes,
    ...directoryRoutes,
    ...schedulingRoutes,
    ...scheduleStaffRoutes,
    ...billingRoutes,
    ...payLinkRoutes,
    ...billingConsoleRoutes,
    ...paymentConfigRoutes,
  ];
  anonymous = new TestClient(server.app);
  await anonymous.refreshSession();
  const someone = await server.runtime.database.db
    .selectFrom('users')
    .select('email')
    .where('role', '=', 'patient')
    .orderBy('email')
    .executeTakeFirstOrThrow();
  patient = new TestClient(server.app);
  expect((await patient.signIn(someone.email)).body).toMatchObject({ status: 'signed_in' });
  admin = new TestClient(server.app);
  await enrolStaff(admin, 'admin@riverside.example');
  await enrolStaff(new TestClient(server.app), 'billing@riverside.example');
  halfSignedIn = new TestClient(server.app);
  expect((await halfSignedIn.signIn('billing@riverside.example')).body).toMatchObject({
    status: 'totp_required',
  });
  await server.runtime.worker.drain(); // the security-notice mails of the enrolments
});
afterAll(async () => server?.close());

const key = (r: AnyRoute) => `${r.method} ${r.url}`;

const slotBody = {
  providerId: '00000000-0000-4000-8000-000000000001',
  locationId: '00000000-0000-4000-8000-000000000002',
  visitTypeId: '00000000-0000-4000-8000-000000000003',
  start: '2030-01-07T15:00:00.000Z',
};

const reschedule = {
  start: '2030-01-07T15:00:00.000Z',
  providerId: '00000000-0000-4000-8000-000000000001',
  locationId: '00000000-0000-4000-8000-000000000002',
};
const provider = {
  givenName: 'Ana',
  familyName: 'Reyes',
  credentials: 'MD',
  specialties: ['pediatrics'],
  languages: ['en', 'es'],
  gender: 'female',
  bio: 'Cares for families.',
  acceptingNewPatients: true,
  insurancePlans: ['medicaid'],
  active: true,
};

/** A valid body for each route that takes one; the bad inputs below differ from it by one thing. */
const validBodies: Record<string, Record<string, unknown>> = {
  'POST /api/auth/register': {
    email: 'new.person@example.org',
    password: 'a long enough password',
    givenName: 'Ana',
    familyName: 'Reyes',
    birthDate: '1988-04-12',
    locale: 'es',
  },
  'POST /api/auth/verify-email': { token: 'a'.repeat(43) },
  'POST /api/auth/resend-verification': { email: 'new.person@example.org' },
  'POST /api/auth/sign-in': { email: 'new.person@example.org', password: 'whatever password' },
  'POST /api/auth/sign-in/totp': { code: '123456' },
  'POST /api/auth/password-reset/request': { email: 'new.person@example.org' },
  'POST /api/auth/password-reset/confirm': { token: 'a'.repeat(43), password: 'a long enough password' },
  'POST /api/auth/invitations/accept': { token: 'a'.repeat(43), password: 'a long enough password' },
  'POST /api/auth/passkeys/sign-in/options': { email: 'new.person@example.org' },
  'POST /api/auth/passkeys/sign-in/verify': { response: { id: 'abc' } },
  'PATCH /api/me/profile': { givenName: 'Ana', familyName: 'Reyes', phone: '+1 916 555 0100', locale: 'es' },
  'POST /api/me/password': { currentPassword: 'accompany-demo', newPassword: 'a long enough password' },
  'POST /api/me/totp/enable': { code: '123456' },
  'POST /api/me/totp/disable': { code: '123456' },
  'POST /api/me/passkeys': { response: { id: 'abc' }, name: 'Laptop' },
  'PATCH /api/staff/users/:id': { role: 'clinician', disabled: false },
  'POST /api/appointments/holds': slotBody,
  'POST /api/appointments': {
    ...slotBody,
    reason: 'Sore throat',
    holdId: '00000000-0000-4000-8000-000000000005',
  },
  'POST /api/appointments/:id/cancel': { reason: 'Feeling better' },
  'POST /api/appointments/:id/reschedule': reschedule,
  'POST /api/appointment-links/confirm': { token: 'a'.repeat(43) },
  'POST /api/appointment-links/cancel': { token: 'a'.repeat(43), reason: 'Feeling better' },
  'POST /api/waitlist': { appointmentId: '00000000-0000-4000-8000-000000000001' },
  'POST /api/staff/appointments': {
    ...slotBody,
    reason: 'Sore throat',
    holdId: '00000000-0000-4000-8000-000000000005',
    patientId: '00000000-0000-4000-8000-000000000004',
  },
  'POST /api/staff/appointments/:id/move': reschedule,
  'POST /api/staff/appointments/:id/cancel': { reason: 'Patient called' },
  'POST /api/staff/blocks': {
    providerId: '00000000-0000-4000-8000-000000000001',
    locationId: '00000000-0000-4000-8000-000000000002',
    start: '2030-01-07T15:00:00.000Z',
    end: '2030-01-07T16:00:00.000Z',
    reason: 'Meeting',
  },
  'POST /api/staff/providers': { ...provider, locationId: '00000000-0000-4000-8000-000000000002' },
  'PATCH /api/staff/providers/:id': provider,
  'PUT /api/staff/providers/:id/schedule': {
    locationId: '00000000-0000-4000-8000-000000000002',
    weekly: { monday: [{ start: '09:00', end: '12:00' }] },
    dailyCap: 10,
  },
  'PUT /api/staff/providers/:id/exceptions': {
    locationId: '00000000-0000-4000-8000-000000000002',
    date: '2030-01-01',
    ranges: [],
    reason: 'Holiday',
  },
  'PATCH /api/staff/visit-types/:id': {
    nameEn: 'Sick visit',
    nameEs: 'Consulta',
    minutes: 20,
    selfBookable: true,
    instructionsEn: 'Bring your medicines.',
    instructionsEs: 'Traiga sus medicinas.',
    cancelWindowHours: 24,
    active: true,
  },
  'PATCH /api/staff/locations/:id': {
    name: 'Main clinic',
    phone: '+1 916 555 0100',
    hours: 'Mon–Fri 8–5',
    accessibilityNotes: 'Ramp',
    latitude: 38.5,
    longitude: -121.4,
  },
  'PUT /api/staff/scheduling-settings': {
    reminderOffsetsMinutes: [1440, 120],
    holdMinutes: 5,
    offerMinutes: 30,
  },
  'POST /api/staff/invitations': {
    email: 'new.person@example.org',
    role: 'clinician',
    givenName: 'Ana',
    familyName: 'Reyes',
    locale: 'en',
  },
  'POST /connect/:uid/decision': { allow: true, scopes: ['patient/Observation.rs'] },
  'POST /api/staff/smart-clients/apps': {
    name: 'Diary',
    clientId: 'diary-app',
    redirectUris: ['https://app.example/cb'],
    confidential: false,
    scopes: 'openid patient/*.rs',
  },
  'POST /api/staff/smart-clients/backends': {
    name: 'Lab sync',
    clientId: 'lab-sync',
    jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'abc', y: 'def' }] },
    scopes: 'system/*.rs',
  },
  'POST /api/billing/payments': {
    amountCents: 1000,
    currency: 'USD',
    cardToken: 'tok_0123456789abcdef',
    statementId: '00000000-0000-4000-8000-000000000000',
    saveCard: false,
  },
  'POST /api/billing/plan': { months: 3, cardToken: 'tok_0123456789abcdef', firstDueDate: '2027-01-31' },
  'POST /api/billing/autopay': { cardToken: 'tok_0123456789abcdef' },
  'POST /api/pay/:token/unlock': { birthDate: '1980-01-01' },
  'POST /api/pay/by-code': { code: 'ABCDEFGH', birthDate: '1980-01-01' },
  'POST /api/pay/:token/payments': {
    grant: 'g'.repeat(40),
    amountCents: 1000,
    currency: 'USD',
    cardToken: 'tok_0123456789abcdef',
  },
  'POST /api/staff/billing/accounts/:id/entries': {
    kind: 'adjustment',
    amountCents: -100,
    currency: 'USD',
    description: 'Prompt-pay discount',
    reason: 'Paid within 10 days',
    serviceDate: '2026-10-02',
  },
  'POST /api/staff/billing/payments/:id/refunds': { amountCents: 100, reason: 'Overcharged copay' },
  'PATCH /api/staff/billing/policy': { allowCredit: true },
};

/** A value of another JSON type than the valid one. */
const wrongType = (v: unknown) =>
  typeof v === 'string' ? 12345 : typeof v === 'boolean' ? 'yes' : typeof v === 'number' ? 'x' : 'text';

const clientFor = (r: AnyRoute) =>
  r.totpPending
    ? halfSignedIn
    : r.access === 'public'
      ? anonymous
      : r.access === 'signed_in' || r.access.includes('patient')
        ? patient
        : admin;

/** The URL with valid path parameters, or with `bad` in place of each (sent as is when `raw`). */
function urlOf(r: AnyRoute, bad?: string, raw = false) {
  return r.url.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
    bad === undefined
      ? name === 'token'
        ? 'a'.repeat(43)
        : randomUUID()
      : raw
        ? bad
        : encodeURIComponent(bad),
  );
}

async function tableCounts(): Promise<Record<string, number>> {
  const db = server.runtime.database.db;
  const tables = await sql<{
    name: string;
  }>`select tablename as name from pg_tables where schemaname = 'public' order by 1`.execute(db);
  expect(tables.rows.length).toBeGreaterThanOrEqual(17);
  const union = sql.join(
    tables.rows.map((t) => sql`select ${t.name}::text as name, count(*)::int as n from ${sql.table(t.name)}`),
    sql` union all `,
  );
  const rows = await sql<{ name: string; n: number }>`${union}`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.name, r.n]));
}

interface BadCase {
  what: string;
  url: string;
  payload?: string;
  contentType?: string;
  /** A stricter expectation than "some 4xx problem". */
  expect?: { status?: number; code?: string; errorPath?: string };
}

const json = 'application/json';

function casesFor(r: AnyRoute): BadCase[] {
  const url = urlOf(r);
  const cases: BadCase[] = [];
  if (r.method !== 'GET') {
    const valid = validBodies[key(r)];
    const anyField = valid ? Object.keys(valid)[0]! : 'anything';
    cases.push(
      {
        what: 'malformed JSON',
        url,
        payload: '{"email": ',
        contentType: json,
        expect: { status: 400, code: 'bad_request' },
      },
      { what: 'a JSON array', url, payload: '[{"a":1}]', contentType: json, expect: { status: 400 } },
      { what: 'an empty JSON array', url, payload: '[]', contentType: json, expect: { status: 400 } },
      { what: 'a JSON string', url, payload: '"text"', contentType: json, expect: { status: 400 } },
      {
        what: 'an unknown extra field',
        url,
        payload: JSON.stringify({ ...valid, unexpected: 1 }),
        contentType: json,
        expect: { status: 400, code: 'validation_failed' },
      },
      {
        what: 'a body over the size limit',
        url,
        payload: JSON.stringify({ [anyField]: 'x'.repeat(MAX_BODY_BYTES + 100) }),
        contentType: json,
        expect: { status: 413, code: 'payload_too_large' },
      },
      {
        what: '10,000 nested arrays',
        url,
        payload: '['.repeat(10_000) + ']'.repeat(10_000),
        contentType: json,
        expect: { status: 400 },
      },
      {
        what: 'a field of 10,000 nested arrays',
        url,
        payload: `{"${anyField}":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
        contentType: json,
        expect: { status: 400 },
      },
      {
        what: 'a field of 3,000 nested objects',
        url,
        payload: `{"${anyField}":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
        contentType: json,
      },
      {
        what: 'a prototype-poisoning key',
        url,
        payload: '{"__proto__":{"isAdmin":true}}',
        contentType: json,
        expect: { status: 400 },
      },
      {
        what: 'text/plain',
        url,
        payload: JSON.stringify(valid ?? {}),
        contentType: 'text/plain',
        expect: { status: 415, code: 'unsupported_media_type' },
      },
    );
    if (valid) {
      cases.push(
        { what: 'no body at all', url, expect: { status: 400, code: 'validation_failed' } },
        { what: 'an empty JSON body', url, payload: '', contentType: json, expect: { status: 400 } },
        {
          what: 'JSON null',
          url,
          payload: 'null',
          contentType: json,
          expect: { status: 400, code: 'validation_failed' },
        },
      );
      for (const [field, value] of Object.entries(valid)) {
        const body = JSON.stringify({ ...valid, [field]: wrongType(value) });
        cases.push({
          what: `a wrong type for ${field}`,
          url,
          payload: body,
          contentType: json,
          expect: { status: 400, code: 'validation_failed', errorPath: field },
        });
        cases.push({
          what: `an over-long ${field}`,
          url,
          payload: JSON.stringify({ ...valid, [field]: 'x'.repeat(5000) }),
          contentType: json,
          expect: { status: 400, errorPath: field },
        });
        if (typeof value === 'string') {
          // PostgreSQL text cannot hold NUL: it must be refused at the door, not by the database.
          cases.push({
            what: `a NUL character in ${field}`,
            url,
            payload: JSON.stringify({ ...valid, [field]: `${value}\u0000` }),
            contentType: json,
            expect: { status: 400, code: 'validation_failed' },
          });
        }
      }
    }
  } else {
    cases.push({
      what: 'an unknown query parameter',
      url: `${url}?unexpected=1`,
      expect: { status: 400, code: 'validation_failed' },
    });
    const shape = (r.query as z.ZodObject | undefined)?.shape ?? {};
    for (const field of Object.keys(shape)) {
      cases.push({
        what: `an over-long ${field}`,
        url: `${url}?${field}=${'x'.repeat(1000)}`,
        expect: { status: 400, code: 'validation_failed' },
      });
      cases.push({
        what: `a repeated ${field}`,
        url: `${url}?${field}=a&${field}=b`,
        expect: { status: 400, code: 'validation_failed' },
      });
      cases.push({
        what: `a NUL character in ${field}`,
        url: `${url}?${field}=a%00b`,
        expect: { status: 400, code: 'validation_failed' },
      });
    }
    if ('cursor' in shape) {
      // Lists page by (text, uuid), (text, text, uuid) or, for audit trails, (timestamp, uuid).
      const tampered = [
        ['a'],
        ['a', 'not-a-uuid'],
        ['a', 'b', 'not-a-uuid'],
        ['a', 'b', 'c', 'd'],
        ['a', "b'; drop table users; --", 'c'],
      ];
      if (/audit|access-log/.test(r.url))
        tampered.push(['not-a-time', randomUUID()], ['2020-02-30T00:00:00.000Z', randomUUID()]);
      for (const values of tampered) {
        cases.push({
          what: `a tampered cursor ${JSON.stringify(values)}`,
          url: `${url}?cursor=${encodeCursor(values)}`,
          expect: { status: 400, code: 'validation_failed' },
        });
      }
      cases.push({
        what: 'a cursor that is not base64 JSON',
        url: `${url}?cursor=not-a-cursor`,
        expect: { status: 400, code: 'validation_failed' },
      });
    }
  }
  if (r.params) {
    const body =
      r.method === 'GET' ? {} : { payload: JSON.stringify(validBodies[key(r)] ?? {}), contentType: json };
    for (const bad of ['not-a-uuid', 'x'.repeat(150), 'bad token!', '\u0000', 'a'.repeat(300)]) {
      cases.push({
        what: `path parameter ${JSON.stringify(bad.length > 20 ? `${bad.slice(0, 5)}…(${bad.length})` : bad)}`,
        url: urlOf(r, bad),
        ...body,
      });
    }
    cases.push({
      what: 'a malformed percent-escape in the path',
      url: urlOf(r, '%E0%A4%A', true),
      ...body,
      expect: { status: 400 },
    });
  }
  return cases;
}

async function send(
  client: TestClient,
  method: string,
  c: BadCase,
): Promise<Res<{ code?: string; errors?: { path: string }[] }>> {
  const headers: Record<string, string> = c.contentType ? { 'content-type': c.contentType } : {};
  if (c.payload === undefined) return client.request(method, c.url, undefined, headers);
  // The client only sets a content type for objects: strings go exactly as given.
  return client.request(method, c.url, c.payload, headers);
}

describe('bad input on every route', () => {
  it('knows a valid body for every route that takes one (so each case differs by one thing)', () => {
    const withBody = routes.filter((r) => r.body);
    expect(Object.keys(validBodies).sort()).toEqual(withBody.map(key).sort());
    for (const r of withBody) expect(r.body.safeParse(validBodies[key(r)]).success, key(r)).toBe(true);
  });

  it('covers every registered route', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(routes.filter((r) => casesFor(r).length === 0).map(key)).toEqual([]);
  });

  it.each(
    [
      ...authRoutes,
      ...meRoutes,
      ...staffRoutes,
      ...systemRoutes({ catching: true, send: async () => {}, close: () => {} }),
      ...smartRoutes,
      ...billingRoutes,
      ...payLinkRoutes,
      ...billingConsoleRoutes,
      ...paymentConfigRoutes,
    ].map((r) => [key(r), r.method, r.url]),
  )('%s answers 4xx problems and writes nothing', async (_name, method, url) => {
    const r = routes.find((x) => x.method === method && x.url === url)!;
    const client = clientFor(r);
    const before = await tableCounts();
    const failures: string[] = [];
    for (const c of casesFor(r)) {
      const res = await send(client, method, c);
      const type = String(res.headers['content-type'] ?? '');
      const problems: string[] = [];
      if (res.status < 400 || res.status >= 500) problems.push(`status ${res.status}`);
      if (!type.startsWith('application/problem+json')) problems.push(`content-type ${type}`);
      if (typeof res.body?.code !== 'string') problems.push('no code');
      if (c.expect?.status && res.status !== c.expect.status)
        problems.push(`status ${res.status}, expected ${c.expect.status}`);
      if (c.expect?.code && res.body?.code !== c.expect.code)
        problems.push(`code ${res.body?.code}, expected ${c.expect.code}`);
      if (c.expect?.errorPath && !res.body?.errors?.some((e) => e.path === c.expect!.errorPath)) {
        problems.push(`no error for ${c.expect.errorPath}: ${JSON.stringify(res.body?.errors)}`);
      }
      if (problems.length) failures.push(`${c.what}: ${problems.join('; ')}`);
    }
    await server.runtime.worker.drain();
    // The full list, since an assertion message would be cut short.
    if (failures.length) console.error(`${key(r)} mishandled:\n  ${failures.join('\n  ')}`);
    expect(failures.join('\n')).toBe('');
    expect(await tableCounts()).toEqual(before);
  });
});

describe('the OpenAPI document', () => {
  it('lists every registered route with its parameters and request schema, and nothing else', async () => {
    const res = await anonymous.get<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      '/api/openapi.json',
    );
    expect(res.status).toBe(200);
    const operations = Object.entries(res.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      routes.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`).sort(),
    );
    for (const r of routes) {
      const op = res.body.paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]![r.method.toLowerCase()] as {
        requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
        parameters?: { name: string; in: string }[];
        responses: Record<string, unknown>;
      };
      if (r.body) {
        const expected = z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }) as Record<
          string,
          unknown
        >;
        delete expected.$schema;
        expect(op.requestBody?.content['application/json']?.schema, key(r)).toEqual(expected);
        expect(Object.keys((expected.properties ?? {}) as object).sort(), key(r)).toEqual(
          Object.keys(validBodies[key(r)]!).sort(),
        );
      } else {
        expect(op.requestBody, key(r)).toBeUndefined();
      }
      const params = (op.parameters ?? []).map((p) => `${p.in}:${p.name}`).sort();
      const expectedParams = [
        ...Object.keys((r.params as z.ZodObject | undefined)?.shape ?? {}).map((n) => `path:${n}`),
        ...Object.keys((r.query as z.ZodObject | undefined)?.shape ?? {}).map((n) => `query:${n}`),
      ].sort();
      expect(params, key(r)).toEqual(expectedParams);
      expect(Object.keys(op.responses), key(r)).toContain('default');
    }
  });
});
