import { Faker, base, en, en_US } from '@faker-js/faker';
import type { Tx } from '../../platform/db/database.js';
import { zipCentroid } from './zip-centroids.js';
import { syncDirectory } from '../scheduling/fhir/sync.js';

/** Visit types every demo organization offers; codes are what reasons.ts maps to. */
export const DEMO_VISIT_TYPES = [
  {
    code: 'sick_visit',
    name_en: 'Sick visit',
    name_es: 'Consulta por enfermedad',
    minutes: 20,
    mode: 'in_person',
    patient_status: 'any',
    specialties: ['family_medicine', 'internal_medicine', 'pediatrics'],
    self_bookable: true,
    instructions_en: 'Bring a list of your medicines. Wear a mask if you have a cough or fever.',
    instructions_es: 'Traiga la lista de sus medicinas. Use cubrebocas si tiene tos o fiebre.',
    cancel_window_hours: 2,
  },
  {
    code: 'annual_physical',
    name_en: 'Annual physical',
    name_es: 'Examen físico anual',
    minutes: 40,
    mode: 'in_person',
    patient_status: 'any',
    specialties: ['family_medicine', 'internal_medicine'],
    self_bookable: true,
    instructions_en: 'Do not eat for 8 hours before if you want fasting blood tests.',
    instructions_es: 'No coma durante 8 horas antes si desea análisis de sangre en ayunas.',
    cancel_window_hours: 24,
  },
  {
    code: 'well_child',
    name_en: 'Well-child visit',
    name_es: 'Consulta de niño sano',
    minutes: 30,
    mode: 'in_person',
    patient_status: 'any',
    specialties: ['pediatrics'],
    self_bookable: true,
    instructions_en: "Bring your child's vaccination card.",
    instructions_es: 'Traiga la cartilla de vacunación de su hijo.',
    cancel_window_hours: 24,
  },
  {
    code: 'specialist_consult',
    name_en: 'Specialist consultation',
    name_es: 'Consulta con especialista',
    minutes: 40,
    mode: 'in_person',
    patient_status: 'any',
    specialties: ['orthopedics', 'dermatology', 'cardiology', 'obstetrics_gynecology'],
    self_bookable: true,
    instructions_en: 'Bring any imaging or test results you have.',
    instructions_es: 'Traiga las imágenes o resultados de estudios que tenga.',
    cancel_window_hours: 24,
  },
  {
    code: 'video_visit',
    name_en: 'Video visit',
    name_es: 'Consulta por video',
    minutes: 30,
    mode: 'video',
    patient_status: 'any',
    specialties: ['behavioral_health', 'family_medicine', 'internal_medicine'],
    self_bookable: true,
    instructions_en: 'Join from a quiet, private place. The link arrives by email 15 minutes before.',
    instructions_es:
      'Conéctese desde un lugar tranquilo y privado. El enlace llega por correo 15 minutos antes.',
    cancel_window_hours: 4,
  },
  {
    code: 'minor_procedure',
    name_en: 'Minor procedure',
    name_es: 'Procedimiento menor',
    minutes: 60,
    mode: 'in_person',
    patient_status: 'established',
    specialties: ['dermatology', 'orthopedics'],
    self_bookable: false,
    instructions_en: 'Booked by the office after a consultation.',
    instructions_es: 'La oficina la agenda después de una consulta.',
    cancel_window_hours: 48,
  },
] as const;

const SPECIALTIES = [
  'family_medicine',
  'family_medicine',
  'internal_medicine',
  'pediatrics',
  'orthopedics',
  'dermatology',
  'cardiology',
  'obstetrics_gynecology',
  'behavioral_health',
  'family_medicine',
];
const CREDENTIALS: Record<string, string> = {
  behavioral_health: 'PsyD',
  obstetrics_gynecology: 'MD, FACOG',
};
const PLANS = ['aetna_ppo', 'blue_shield', 'cigna', 'medicaid', 'medicare', 'united_healthcare', 'kaiser'];
const EXTRA_LANGUAGES = ['es', 'es', 'es', 'zh', 'vi', 'tl', 'ar', 'ru'];
const LOCATION_DETAILS: Record<string, { hours: string; accessibility: string }> = {
  '95814': {
    hours: 'Mon–Fri 8:00–17:00',
    accessibility: 'Step-free entrance, elevator, accessible parking.',
  },
  '11231': { hours: 'Mon–Fri 8:00–18:00, Sat 9:00–13:00', accessibility: 'Ramp on Union Street, elevator.' },
  '60611': { hours: 'Mon–Fri 8:00–17:00', accessibility: 'Step-free, family restroom, stroller parking.' },
  '85018': { hours: 'Mon–Fri 7:30–16:30', accessibility: 'Ground floor, accessible parking at the door.' },
};

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;

/** A plausible clinic week: mornings and afternoons with a lunch break, one half day. */
function demoWeek(f: Faker): Record<string, { start: string; end: string }[]> {
  const starts = ['08:00', '08:30', '09:00'];
  const halfDay = f.helpers.arrayElement(WEEKDAYS);
  const week: Record<string, { start: string; end: string }[]> = {};
  for (const day of WEEKDAYS) {
    const start = f.helpers.arrayElement(starts);
    week[day] =
      day === halfDay
        ? [{ start, end: '12:00' }]
        : [
            { start, end: '12:00' },
            { start: '13:00', end: '17:00' },
          ];
  }
  return week;
}

export interface DirectoryDemoOptions {
  providers?: number;
  seed?: number;
}

/**
 * A realistic directory for the demo organization: visit types, locations with coordinates and
 * notes, providers of several specialties and languages at one or two locations each, their weeks,
 * and a holiday. Seeded, so every run makes the same directory.
 */
export async function generateDirectoryDemo(
  tx: Tx,
  tenantId: string,
  options: DirectoryDemoOptions = {},
): Promise<{ providers: number }> {
  const f = new Faker({ locale: [en_US, en, base], seed: options.seed ?? 20261125 });
  const count = options.providers ?? 40;
  await tx.insertInto('scheduling_settings').values({ tenant_id: tenantId }).execute();
  await tx
    .insertInto('visit_types')
    .values(DEMO_VISIT_TYPES.map((v) => ({ ...v, specialties: [...v.specialties], tenant_id: tenantId })))
    .execute();
  const locations = await tx.selectFrom('locations').select(['id', 'postal_code']).orderBy('name').execute();
  for (const location of locations) {
    const at = zipCentroid(location.postal_code);
    const details = LOCATION_DETAILS[location.postal_code];
    await tx
      .updateTable('locations')
      .set({
        latitude: at?.latitude ?? null,
        longitude: at?.longitude ?? null,
        hours: details?.hours ?? 'Mon–Fri 8:00–17:00',
        accessibility_notes: details?.accessibility ?? null,
      })
      .where('id', '=', location.id)
      .execute();
  }
  const providers = [];
  for (let i = 0; i < count; i++) {
    const specialty = SPECIALTIES[i % SPECIALTIES.length]!;
    const gender = f.helpers.arrayElement(['female', 'male', 'female', 'male', 'nonbinary'] as const);
    const given = f.person.firstName(gender === 'nonbinary' ? undefined : gender);
    const family = f.person.lastName();
    const languages = ['en', ...(f.datatype.boolean(0.5) ? [f.helpers.arrayElement(EXTRA_LANGUAGES)] : [])];
    const specialtyWords = specialty.replace(/_/g, ' ');
    providers.push({
      tenant_id: tenantId,
      given_name: given,
      family_name: family,
      credentials: CREDENTIALS[specialty] ?? f.helpers.arrayElement(['MD', 'MD', 'DO', 'NP', 'PA-C']),
      specialties: [specialty],
      languages: [...new Set(languages)],
      gender,
      bio: `${given} ${family} practises ${specialtyWords} and has cared for patients for ${f.number.int({ min: 3, max: 30 })} years.`,
      accepting_new_patients: f.datatype.boolean(0.8),
      insurance_plans: f.helpers.arrayElements(PLANS, { min: 3, max: 6 }),
    });
  }
  const ids: { id: string }[] = [];
  for (let i = 0; i < providers.length; i += 500) {
    ids.push(
      ...(await tx
        .insertInto('providers')
        .values(providers.slice(i, i + 500))
        .returning('id')
        .execute()),
    );
  }
  const schedules = [];
  for (let i = 0; i < ids.length; i++) {
    const home = locations[i % locations.length]!;
    schedules.push({
      tenant_id: tenantId,
      provider_id: ids[i]!.id,
      location_id: home.id,
      weekly: JSON.stringify(demoWeek(f)),
      daily_cap: null,
    });
  }
  const scheduleIds: { id: string }[] = [];
  for (let i = 0; i < schedules.length; i += 500) {
    scheduleIds.push(
      ...(await tx
        .insertInto('provider_schedules')
        .values(schedules.slice(i, i + 500))
        .returning('id')
        .execute()),
    );
  }
  // Everyone is off on New Year's Day.
  const holidays = scheduleIds.map((s) => ({
    tenant_id: tenantId,
    schedule_id: s.id,
    on_date: '2027-01-01',
    ranges: '[]',
    reason: 'Holiday',
  }));
  for (let i = 0; i < holidays.length; i += 500) {
    await tx
      .insertInto('schedule_exceptions')
      .values(holidays.slice(i, i + 500))
      .execute();
  }
  // The demo organization's directory is also served as FHIR resources.
  const tenant = await tx
    .selectFrom('tenants')
    .select(['id', 'slug', 'name'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  await syncDirectory({ tx, tenant, actor: null, meta: { ip: null, userAgent: null, requestId: 'demo' } });
  return { providers: ids.length };
}
