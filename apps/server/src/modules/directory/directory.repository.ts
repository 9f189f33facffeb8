import type { LocationSummary, ProviderSummary, VisitType } from '@accompany/contracts';
import type { Selectable } from 'kysely';
import type { Tx } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';

// Directory rows hold no patient data: reading them is not audited; changing them is (by staff).

type ProviderRow = Selectable<Database['providers']>;
type LocationRow = Selectable<Database['locations']>;
type VisitTypeRow = Selectable<Database['visit_types']>;

export const providerName = (p: { given_name: string; family_name: string; credentials: string }) =>
  `${p.given_name} ${p.family_name}${p.credentials ? `, ${p.credentials}` : ''}`;

export function toProvider(row: ProviderRow, locationIds: string[]): ProviderSummary {
  return {
    id: row.id,
    name: providerName(row),
    givenName: row.given_name,
    familyName: row.family_name,
    credentials: row.credentials,
    specialties: row.specialties,
    languages: row.languages,
    gender: row.gender as ProviderSummary['gender'],
    bio: row.bio,
    photoUrl: row.photo_url,
    acceptingNewPatients: row.accepting_new_patients,
    insurancePlans: row.insurance_plans,
    active: row.active,
    locationIds,
  };
}

export function toLocation(row: LocationRow): LocationSummary {
  return {
    id: row.id,
    name: row.name,
    line1: row.line1,
    city: row.city,
    state: row.state,
    postalCode: row.postal_code,
    phone: row.phone,
    timeZone: row.time_zone,
    latitude: row.latitude,
    longitude: row.longitude,
    hours: row.hours,
    accessibilityNotes: row.accessibility_notes,
  };
}

export function toVisitType(row: VisitTypeRow): VisitType {
  return {
    id: row.id,
    code: row.code,
    nameEn: row.name_en,
    nameEs: row.name_es,
    minutes: row.minutes,
    mode: row.mode as VisitType['mode'],
    patientStatus: row.patient_status as VisitType['patientStatus'],
    specialties: row.specialties,
    selfBookable: row.self_bookable,
    instructionsEn: row.instructions_en,
    instructionsEs: row.instructions_es,
    cancelWindowHours: row.cancel_window_hours,
    active: row.active,
  };
}

export async function listLocations(tx: Tx): Promise<LocationSummary[]> {
  const rows = await tx.selectFrom('locations').selectAll().orderBy('name').execute();
  return rows.map(toLocation);
}

export async function listVisitTypes(tx: Tx): Promise<VisitType[]> {
  const rows = await tx.selectFrom('visit_types').selectAll().orderBy('code').execute();
  return rows.map(toVisitType);
}

export async function findVisitType(tx: Tx, id: string): Promise<VisitTypeRow | undefined> {
  return tx.selectFrom('visit_types').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findVisitTypeByCode(tx: Tx, code: string): Promise<VisitTypeRow | undefined> {
  return tx.selectFrom('visit_types').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findProvider(tx: Tx, id: string): Promise<ProviderRow | undefined> {
  return tx.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findLocation(tx: Tx, id: string): Promise<LocationRow | undefined> {
  return tx.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every provider with the locations they work at, by family name. */
export async function listProviders(
  tx: Tx,
  options: { activeOnly?: boolean } = {},
): Promise<ProviderSummary[]> {
  let query = tx.selectFrom('providers').selectAll().orderBy('family_name').orderBy('given_name');
  if (options.activeOnly) query = query.where('active', '=', true);
  const rows = await query.execute();
  const schedules = await tx
    .selectFrom('provider_schedules')
    .select(['provider_id', 'location_id'])
    .execute();
  const at = new Map<string, string[]>();
  for (const s of schedules) at.set(s.provider_id, [...(at.get(s.provider_id) ?? []), s.location_id]);
  return rows.map((row) => toProvider(row, at.get(row.id) ?? []));
}
