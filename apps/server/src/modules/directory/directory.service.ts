import type {
  Directory,
  LocationSummary,
  LocationUpdate,
  ProviderCreate,
  ProviderSummary,
  ProviderUpdate,
  VisitType,
  VisitTypeUpdate,
} from '@accompany/contracts';
import { audit } from '../../platform/audit/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Scope } from '../../platform/http/context.js';
import {
  findLocation,
  findProvider,
  findVisitType,
  listLocations,
  listProviders,
  listVisitTypes,
  toLocation,
  toProvider,
  toVisitType,
} from './directory.repository.js';
import { parseLocalDate, parseLocalTime } from '../scheduling/availability.js';
import { syncDirectory } from '../scheduling/fhir/sync.js';

/** Roles that edit the directory and run the schedule. */
export const scheduleRoles = ['admin', 'front_desk'] as const;

export async function getDirectory(
  scope: Scope,
  options: { includeInactive?: boolean } = {},
): Promise<Directory> {
  const providers = await listProviders(scope.tx, { activeOnly: !options.includeInactive });
  const locations = await listLocations(scope.tx);
  const visitTypes = (await listVisitTypes(scope.tx)).filter((v) => options.includeInactive || v.active);
  return { providers, locations, visitTypes };
}

const changed = (
  scope: Scope,
  objectType: string,
  objectId: string,
  action: 'create' | 'update' = 'update',
) => audit(scope, { action, objectType, objectId, patientId: null });

export async function updateProvider(
  scope: Scope,
  id: string,
  change: ProviderUpdate,
): Promise<ProviderSummary> {
  const set = {
    ...(change.givenName !== undefined ? { given_name: change.givenName } : {}),
    ...(change.familyName !== undefined ? { family_name: change.familyName } : {}),
    ...(change.credentials !== undefined ? { credentials: change.credentials } : {}),
    ...(change.specialties !== undefined ? { specialties: change.specialties } : {}),
    ...(change.languages !== undefined ? { languages: change.languages } : {}),
    ...(change.gender !== undefined ? { gender: change.gender } : {}),
    ...(change.bio !== undefined ? { bio: change.bio } : {}),
    ...(change.acceptingNewPatients !== undefined
      ? { accepting_new_patients: change.acceptingNewPatients }
      : {}),
    ...(change.insurancePlans !== undefined ? { insurance_plans: change.insurancePlans } : {}),
    ...(change.active !== undefined ? { active: change.active } : {}),
  };
  if (Object.keys(set).length === 0) throw new AppError('bad_request', 'Nothing to change');
  const row = await scope.tx
    .updateTable('providers')
    .set(set)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('The provider');
  await changed(scope, 'Practitioner', id);
  const at = await scope.tx
    .selectFrom('provider_schedules')
    .select('location_id')
    .where('provider_id', '=', id)
    .execute();
  await syncDirectory(scope, { providerId: id });
  return toProvider(
    row,
    at.map((a) => a.location_id),
  );
}

export async function createProvider(scope: Scope, input: ProviderCreate): Promise<ProviderSummary> {
  if (!(await findLocation(scope.tx, input.locationId))) throw notFound('The location');
  const row = await scope.tx
    .insertInto('providers')
    .values({
      tenant_id: scope.tenant.id,
      given_name: input.givenName,
      family_name: input.familyName,
      credentials: input.credentials ?? '',
      specialties: input.specialties,
      languages: input.languages ?? ['en'],
      gender: input.gender ?? null,
      bio: input.bio ?? '',
      accepting_new_patients: input.acceptingNewPatients ?? true,
      insurance_plans: input.insurancePlans ?? [],
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // A new provider starts with an empty week at their location; staff then set the hours.
  await scope.tx
    .insertInto('provider_schedules')
    .values({
      tenant_id: scope.tenant.id,
      provider_id: row.id,
      location_id: input.locationId,
      weekly: '{}',
      daily_cap: null,
    })
    .execute();
  await changed(scope, 'Practitioner', row.id, 'create');
  await syncDirectory(scope, { providerId: row.id });
  return toProvider(row, [input.locationId]);
}

export async function updateVisitType(scope: Scope, id: string, change: VisitTypeUpdate): Promise<VisitType> {
  const set = {
    ...(change.nameEn !== undefined ? { name_en: change.nameEn } : {}),
    ...(change.nameEs !== undefined ? { name_es: change.nameEs } : {}),
    ...(change.minutes !== undefined ? { minutes: change.minutes } : {}),
    ...(change.selfBookable !== undefined ? { self_bookable: change.selfBookable } : {}),
    ...(change.instructionsEn !== undefined ? { instructions_en: change.instructionsEn } : {}),
    ...(change.instructionsEs !== undefined ? { instructions_es: change.instructionsEs } : {}),
    ...(change.cancelWindowHours !== undefined ? { cancel_window_hours: change.cancelWindowHours } : {}),
    ...(change.active !== undefined ? { active: change.active } : {}),
  };
  if (Object.keys(set).length === 0) throw new AppError('bad_request', 'Nothing to change');
  const row = await scope.tx
    .updateTable('visit_types')
    .set(set)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('The visit type');
  await changed(scope, 'HealthcareService', id);
  await syncDirectory(scope);
  return toVisitType(row);
}

export async function updateLocation(
  scope: Scope,
  id: string,
  change: LocationUpdate,
): Promise<LocationSummary> {
  const set = {
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.phone !== undefined ? { phone: change.phone } : {}),
    ...(change.hours !== undefined ? { hours: change.hours } : {}),
    ...(change.accessibilityNotes !== undefined ? { accessibility_notes: change.accessibilityNotes } : {}),
    ...(change.latitude !== undefined ? { latitude: change.latitude } : {}),
    ...(change.longitude !== undefined ? { longitude: change.longitude } : {}),
  };
  if (Object.keys(set).length === 0) throw new AppError('bad_request', 'Nothing to change');
  const row = await scope.tx
    .updateTable('locations')
    .set(set)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('The location');
  await changed(scope, 'Location', id);
  await syncDirectory(scope, { locationId: id });
  return toLocation(row);
}

type Ranges = { start: string; end: string }[];

function checkRanges(ranges: Ranges, where: string) {
  for (const r of ranges) {
    if (parseLocalTime(r.end) <= parseLocalTime(r.start)) {
      throw new AppError('validation_failed', 'A time range ends before it starts', {
        errors: [{ path: where, message: `${r.start}–${r.end} ends before it starts` }],
      });
    }
  }
}

/** Sets a provider's week at a location (creating the schedule when they start working there). */
export async function setWeeklyHours(
  scope: Scope,
  providerId: string,
  input: { locationId: string; weekly: Record<string, Ranges | undefined>; dailyCap: number | null },
) {
  if (!(await findProvider(scope.tx, providerId))) throw notFound('The provider');
  if (!(await findLocation(scope.tx, input.locationId))) throw notFound('The location');
  for (const [day, ranges] of Object.entries(input.weekly)) checkRanges(ranges ?? [], `weekly.${day}`);
  const weekly = JSON.stringify(input.weekly);
  await scope.tx
    .insertInto('provider_schedules')
    .values({
      tenant_id: scope.tenant.id,
      provider_id: providerId,
      location_id: input.locationId,
      weekly,
      daily_cap: input.dailyCap,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'provider_id', 'location_id'])
        .doUpdateSet({ weekly, daily_cap: input.dailyCap }),
    )
    .execute();
  await changed(scope, 'Schedule', providerId);
  await syncDirectory(scope, { providerId });
  return { ok: true as const };
}

/** Replaces the week for one date (leave, a holiday, other hours). */
export async function setException(
  scope: Scope,
  providerId: string,
  input: { locationId: string; date: string; ranges: Ranges; reason: string },
) {
  parseLocalDate(input.date);
  checkRanges(input.ranges, 'ranges');
  const schedule = await scope.tx
    .selectFrom('provider_schedules')
    .select('id')
    .where('provider_id', '=', providerId)
    .where('location_id', '=', input.locationId)
    .executeTakeFirst();
  if (!schedule) throw notFound('The provider’s schedule at that location');
  const ranges = JSON.stringify(input.ranges);
  await scope.tx
    .insertInto('schedule_exceptions')
    .values({
      tenant_id: scope.tenant.id,
      schedule_id: schedule.id,
      on_date: input.date,
      ranges,
      reason: input.reason,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'schedule_id', 'on_date']).doUpdateSet({ ranges, reason: input.reason }),
    )
    .execute();
  await changed(scope, 'Schedule', providerId);
  return { ok: true as const };
}

export { findVisitType, findProvider, findLocation };
