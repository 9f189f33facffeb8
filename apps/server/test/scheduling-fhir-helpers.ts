import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { SmartGrant } from '../src/fhir/smart/grant.js';
import { fhirAppWithGrants, FhirClient, grantToken, type Json } from './fhir-helpers.js';
import { enrolStaff, startTestServer, TestClient, type TestServer } from './harness.js';
import { brooklynSickVisit, demoPatients } from './scheduling-helpers.js';

export const DAY = 86_400_000;
/** From `fromDays` to `toDays` days from now. */
export const window = (fromDays: number, toDays: number) => ({
  start: new Date(Date.now() + fromDays * DAY).toISOString(),
  end: new Date(Date.now() + toDays * DAY).toISOString(),
});
export const parameters = (...parameter: Json[]) => ({ resourceType: 'Parameters', parameter });

/**
 * The demo organization with a staff session, a backend system grant, forty patients (each can
 * get a patient-context grant) and the Brooklyn family-medicine provider the scheduling tests use.
 */
export class SchedulingFhirSuite {
  server!: TestServer;
  grantsApp!: FastifyInstance;
  staff!: FhirClient;
  system!: FhirClient;
  people!: { email: string; patient_id: string | null; userId: string }[];
  pick!: Awaited<ReturnType<typeof brooklynSickVisit>>;
  /** Patient 0 signed in to the app. */
  app!: TestClient;

  async start() {
    this.server = await startTestServer();
    this.grantsApp = await fhirAppWithGrants(this.server);
    const demo = await demoPatients(this.server, 40);
    const users = await this.server.runtime.database.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('role', '=', 'patient')
      .execute();
    const userOf = new Map(users.map((u) => [u.email, u.id]));
    this.people = demo.map((p) => ({ ...p, userId: userOf.get(p.email)! }));
    const http = new TestClient(this.server.app);
    await enrolStaff(http, 'frontdesk@riverside.example');
    this.staff = new FhirClient(http);
    this.system = new FhirClient(
      new TestClient(this.grantsApp),
      grantToken({
        tenantId: this.server.tenantId,
        clientId: 'partner-ehr',
        userId: null,
        patientId: null,
        scopes: ['system/*.cruds'],
        grantId: randomUUID(),
      }),
    );
    this.app = new TestClient(this.server.app);
    expect((await this.app.signIn(this.people[0]!.email)).status).toBe(200);
    this.pick = await brooklynSickVisit(this.app, 21);
  }

  async close() {
    await this.grantsApp?.close();
    await this.server?.close();
  }

  /** A patient app's grant for patient i (Appointment read and write). */
  asPatient(i: number, over: Partial<SmartGrant> = {}) {
    const grant: SmartGrant = {
      tenantId: this.server.tenantId,
      clientId: 'booking-app',
      userId: this.people[i]!.userId,
      patientId: this.people[i]!.patient_id,
      scopes: [
        'launch/patient',
        'patient/Appointment.cruds',
        'patient/Practitioner.rs',
        'patient/Location.rs',
      ],
      grantId: randomUUID(),
      ...over,
    };
    return new FhirClient(new TestClient(this.grantsApp), grantToken(grant));
  }

  /** Proposed appointments with the Brooklyn provider, from `days[0]` to `days[1]` days from now. */
  async find(client: FhirClient, extra: Record<string, string>, days: [number, number] = [1, 22]) {
    const qs = new URLSearchParams({
      ...window(...days),
      practitioner: `Practitioner/${this.pick.provider.id}`,
      location: `Location/${this.pick.location.id}`,
      'service-type': `urn:accompany:visit-type|${this.pick.visitType.code}`,
      ...extra,
    });
    const res = await client.get(`/Appointment/$find?${qs}`);
    expect(res.status).toBe(200);
    return (res.body.entry ?? []).map((e: Json) => e.resource);
  }

  async appointmentCount() {
    const row = await this.server.runtime.database.db
      .selectFrom('appointments')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
