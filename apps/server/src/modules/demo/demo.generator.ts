import { Faker, en, en_US, es, es_MX, base } from '@faker-js/faker';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import { inTenant } from '../../platform/db/database.js';
import { hashPassword } from '../../platform/crypto/passwords.js';
import { seedDemoRecords } from '../records/records.seed.js';
import { generateDirectoryDemo } from '../directory/directory.demo.js';
import { generateBillingDemo } from '../billing/billing.demo.js';

export const DEMO_PASSWORD = 'accompany-demo';
export const DEMO_SEED = 20261124;
export const DEMO_PATIENTS = 240;
const ORGANIZATION = 'Riverside Community Health';

export interface DemoSummary {
  tenantId: string;
  staff: { email: string; role: string }[];
  patients: { email: string; locale: string }[];
}

const LOCATIONS = [
  {
    name: 'Riverside Main Clinic',
    line1: '1200 River Road',
    city: 'Sacramento',
    state: 'CA',
    postal_code: '95814',
    time_zone: 'America/Los_Angeles',
    phone: '+1 916 555 0100',
  },
  {
    name: 'Eastside Family Medicine',
    line1: '48 Union Street',
    city: 'Brooklyn',
    state: 'NY',
    postal_code: '11231',
    time_zone: 'America/New_York',
    phone: '+1 718 555 0142',
  },
  {
    name: 'Lakeview Pediatrics',
    line1: '907 Lakeshore Drive',
    city: 'Chicago',
    state: 'IL',
    postal_code: '60611',
    time_zone: 'America/Chicago',
    phone: '+1 312 555 0177',
  },
  {
    name: 'Mesa Women’s Health',
    line1: '3310 Camelback Road',
    city: 'Phoenix',
    state: 'AZ',
    postal_code: '85018',
    time_zone: 'America/Phoenix',
    phone: '+1 602 555 0193',
  },
];

const STAFF = [
  { email: 'admin@riverside.example', role: 'admin', given: 'Dana', family: 'Whitfield' },
  { email: 'frontdesk@riverside.example', role: 'front_desk', given: 'Luis', family: 'Ortega' },
  { email: 'clinician@riverside.example', role: 'clinician', given: 'Priya', family: 'Raman' },
  { email: 'billing@riverside.example', role: 'billing', given: 'Grace', family: 'Okafor' },
] as const;

const DEMO_META = { ip: null, userAgent: 'accompany-demo', requestId: 'demo-organization' };

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');

/**
 * The demo organization: one tenant, four locations, staff of each role and patients who
 * can sign in. Seeded, so every run makes the same people. All demo accounts share one
 * password, so they share one hash (hashing 240 times would only slow the first start).
 */
export interface DemoOptions {
  /**
   * Which demo patients (by position) get a full clinical record; the others get demographics
   * only. The first three always do: they are the ones printed at start and used in the tours.
   */
  clinicalRecords?: (index: number) => boolean;
  /** Skip the FHIR records altogether (most integration tests have no use for them). */
  records?: boolean;
  now?: Date;
}

export async function generateDemoOrganization(
  db: Db,
  tenantSlug: string,
  options: DemoOptions = {},
): Promise<DemoSummary> {
  const englishFaker = new Faker({ locale: [en_US, en, base], seed: DEMO_SEED });
  const spanishFaker = new Faker({ locale: [es_MX, es, en, base], seed: DEMO_SEED + 1 });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const tenant = await db
    .insertInto('tenants')
    .values({ slug: tenantSlug, name: ORGANIZATION, hostnames: [] })
    .returning('id')
    .executeTakeFirstOrThrow();
  const tenantId = tenant.id;
  const summary: DemoSummary = { tenantId, staff: [], patients: [] };
  await inTenant(db, tenantId, async (tx) => {
    await tx
      .insertInto('locations')
      .values(LOCATIONS.map((l) => ({ ...l, tenant_id: tenantId })))
      .execute();
    for (const s of STAFF) {
      await tx
        .insertInto('users')
        .values({
          tenant_id: tenantId,
          email: s.email,
          password_hash: passwordHash,
          role: s.role,
          given_name: s.given,
          family_name: s.family,
          locale: 'en',
          email_verified_at: sql`now()`,
        })
        .execute();
      summary.staff.push({ email: s.email, role: s.role });
    }
    const used = new Set<string>();
    const patients = [];
    for (let i = 0; i < DEMO_PATIENTS; i++) {
      // About a third of the panel prefers Spanish, as in many US community clinics.
      const spanish = i % 3 === 2;
      const f = spanish ? spanishFaker : englishFaker;
      const sex = f.person.sexType();
      const given = f.person.firstName(sex);
      const family = f.person.lastName();
      let email = `${slug(given)}.${slug(family)}@example.com`;
      for (let n = 2; used.has(email); n++) email = `${slug(given)}.${slug(family)}${n}@example.com`;
      used.add(email);
      const location = LOCATIONS[i % LOCATIONS.length]!;
      patients.push({
        tenant_id: tenantId,
        mrn: `P${String(1_000_001 + i)}`,
        given_name: given,
        family_name: family,
        birth_date: f.date
          .birthdate({ mode: 'age', min: 1, max: 92, refDate: '2026-01-01T00:00:00Z' })
          .toISOString()
          .slice(0, 10),
        sex: sex === 'female' ? 'female' : 'male',
        email,
        phone: `+1 ${location.phone.slice(3, 6)} 555 ${String(1000 + i).slice(-4)}`,
        line1: f.location.streetAddress(),
        city: location.city,
        state: location.state,
        postal_code: location.postal_code,
        preferred_locale: spanish ? 'es' : 'en',
      });
    }
    const ids = await tx
      .insertInto('patients')
      .values(patients)
      .returning(['id', 'mrn', 'email', 'given_name', 'family_name', 'preferred_locale'])
      .execute();
    await tx
      .insertInto('users')
      .values(
        ids.map((p) => ({
          tenant_id: tenantId,
          email: p.email!,
          password_hash: passwordHash,
          role: 'patient',
          given_name: p.given_name,
          family_name: p.family_name,
          locale: p.preferred_locale,
          patient_id: p.id,
          email_verified_at: sql`now()`,
        })),
      )
      .execute();
    summary.patients = ids.map((p) => ({ email: p.email!, locale: p.preferred_locale }));
    const idByMrn = new Map(ids.map((p) => [p.mrn, p.id]));
    const clinical = options.clinicalRecords ?? ((i: number) => i % 12 === 0);
    if (options.records !== false)
      await seedDemoRecords(
        {
          tx,
          tenant: { id: tenantId, slug: tenantSlug, name: ORGANIZATION },
          actor: null,
          meta: DEMO_META,
        },
        patients.map((p) => ({
          id: idByMrn.get(p.mrn)!,
          mrn: p.mrn,
          givenName: p.given_name,
          familyName: p.family_name,
          birthDate: p.birth_date,
          sex: p.sex as 'female' | 'male',
          email: p.email,
          phone: p.phone,
          line1: p.line1,
          city: p.city,
          state: p.state,
          postalCode: p.postal_code,
          locale: p.preferred_locale as 'en' | 'es',
        })),
        {
          seed: DEMO_SEED,
          now: options.now ?? new Date(),
          organization: ORGANIZATION,
          clinicians: ['Priya Raman, MD', 'Samuel Osei, MD', 'Elena Vargas, NP'],
          places: LOCATIONS.map((l) => l.name),
          clinical: (i) => i < 3 || clinical(i),
          rich: (i) => i < 3,
        },
      );
    await generateDirectoryDemo(tx, tenantId);
  });
  await generateBillingDemo(db, tenantId);
  return summary;
}

/** Creates the demo organization once: on the first start of an empty database. */
export async function ensureDemoOrganization(db: Db, tenantSlug: string): Promise<DemoSummary | null> {
  const any = await db.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  return generateDemoOrganization(db, tenantSlug);
}
