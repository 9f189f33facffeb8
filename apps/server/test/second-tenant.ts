import { sql } from 'kysely';
import { expect } from 'vitest';
import { inTenant } from '../src/platform/db/database.js';
import { hashPassword } from '../src/platform/crypto/passwords.js';
import { enrolStaff, TestClient, type TestServer } from './harness.js';

export interface SecondTenant {
  tenantId: string;
  host: string;
  password: string;
  patientId: string;
  adminId: string;
  deadJobId: string;
  invitationId: string;
  mailId: string;
  /** Signed in on the tenant's host, with two-factor enrolled. */
  admin: TestClient;
  /** A patient signed in on the tenant's host. */
  patient: TestClient;
}

/**
 * Adds a second organization on host other.example next to the demo one, with a patient,
 * an admin, and data made the ordinary way through its own host: a session, an invitation
 * with its mail, audit records, a notification, recovery codes and a dead job.
 */
export async function addSecondTenant(server: TestServer): Promise<SecondTenant> {
  const db = server.runtime.database.db;
  const host = 'other.example';
  const password = 'other tenant password';
  const { id: tenantId } = await db
    .insertInto('tenants')
    .values({ slug: 'other', name: 'Other Clinic', hostnames: [host] })
    .returning('id')
    .executeTakeFirstOrThrow();
  const hash = await hashPassword(password);
  const people = {
    tenant_id: tenantId,
    password_hash: hash,
    locale: 'en',
    email_verified_at: sql<Date>`now()`,
  };
  const ids = await inTenant(db, tenantId, async (tx) => {
    const patient = await tx
      .insertInto('patients')
      .values({
        tenant_id: tenantId,
        mrn: 'B0000001',
        given_name: 'Zelda',
        family_name: 'Quintero-Bravo',
        birth_date: '1970-02-03',
        email: 'zelda@other.example',
        preferred_locale: 'en',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const admin = await tx
      .insertInto('users')
      .values({
        ...people,
        email: 'admin@other.example',
        role: 'admin',
        given_name: 'Olga',
        family_name: 'Other',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('users')
      .values({
        ...people,
        email: 'zelda@other.example',
        role: 'patient',
        given_name: 'Zelda',
        family_name: 'Quintero-Bravo',
        patient_id: patient.id,
      })
      .execute();
    const job = await tx
      .insertInto('jobs')
      .values({
        tenant_id: tenantId,
        queue: 'test.unhandled',
        payload: '{}',
        status: 'dead',
        attempts: 5,
        last_error: 'Error: boom',
        finished_at: sql`now()`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { patientId: patient.id, adminId: admin.id, deadJobId: job.id };
  });

  const admin = new TestClient(server.app, host);
  await enrolStaff(admin, 'admin@other.example', password);
  const invited = await admin.post<{ id: string }>('/api/staff/invitations', {
    email: 'newhire@other.example',
    role: 'clinician',
    givenName: 'New',
    familyName: 'Hire',
  });
  expect(invited.status).toBe(201);
  expect((await admin.get(`/api/staff/patients/${ids.patientId}`)).status).toBe(200);
  const patient = new TestClient(server.app, host);
  expect((await patient.signIn('zelda@other.example', password)).body).toMatchObject({ status: 'signed_in' });
  expect((await patient.get('/api/me/profile')).status).toBe(200);
  await server.runtime.worker.drain();
  const mail = await admin.get<{ items: { id: string; to: string }[] }>(
    '/api/staff/mail?to=newhire@other.example',
  );
  expect(mail.body.items).toHaveLength(1);
  return {
    tenantId,
    host,
    password,
    ...ids,
    invitationId: invited.body.id,
    mailId: mail.body.items[0]!.id,
    admin,
    patient,
  };
}
