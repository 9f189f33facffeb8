import type { Selectable } from 'kysely';
import type { Database } from '../../../platform/db/schema.js';
import type { FhirResource } from '../../../fhir/types.js';
import { providerName } from '../../directory/directory.repository.js';
import { LANGUAGE_SYSTEM, TIME_ZONE_EXTENSION, specialtyConcept, visitTypeConcept } from './codes.js';

// Directory rows as FHIR resources. The FHIR id is the row's uuid, so references stay stable.

type ProviderRow = Selectable<Database['providers']>;
type LocationRow = Selectable<Database['locations']>;
type VisitTypeRow = Selectable<Database['visit_types']>;
type ScheduleRow = Selectable<Database['provider_schedules']>;

/** The directory's genders in FHIR's administrative-gender codes. */
const GENDER: Record<string, string> = { female: 'female', male: 'male', nonbinary: 'other' };

export function practitionerOf(p: ProviderRow): FhirResource {
  return {
    resourceType: 'Practitioner',
    id: p.id,
    active: p.active,
    name: [
      {
        use: 'official',
        text: providerName(p),
        family: p.family_name,
        given: [p.given_name],
        ...(p.credentials ? { suffix: [p.credentials] } : {}),
      },
    ],
    ...(p.gender ? { gender: GENDER[p.gender] ?? 'unknown' } : {}),
    ...(p.languages.length
      ? { communication: p.languages.map((code) => ({ coding: [{ system: LANGUAGE_SYSTEM, code }] })) }
      : {}),
  };
}

/** One role per provider and location they work at: the specialties, and the visit types offered there. */
export function practitionerRoleOf(
  schedule: ScheduleRow,
  provider: ProviderRow,
  services: readonly VisitTypeRow[],
): FhirResource {
  return {
    resourceType: 'PractitionerRole',
    id: schedule.id,
    active: provider.active,
    practitioner: { reference: `Practitioner/${provider.id}`, display: providerName(provider) },
    location: [{ reference: `Location/${schedule.location_id}` }],
    ...(provider.specialties.length ? { specialty: provider.specialties.map(specialtyConcept) } : {}),
    ...(services.length
      ? { healthcareService: services.map((v) => ({ reference: `HealthcareService/${v.id}` })) }
      : {}),
  };
}

export function locationOf(l: LocationRow): FhirResource {
  return {
    resourceType: 'Location',
    id: l.id,
    extension: [{ url: TIME_ZONE_EXTENSION, valueCode: l.time_zone }],
    status: 'active',
    name: l.name,
    mode: 'instance',
    ...(l.phone ? { telecom: [{ system: 'phone', value: l.phone, use: 'work' }] } : {}),
    address: {
      use: 'work',
      line: [l.line1],
      city: l.city,
      state: l.state,
      postalCode: l.postal_code,
      country: 'US',
    },
    ...(l.latitude !== null && l.longitude !== null
      ? { position: { latitude: l.latitude, longitude: l.longitude } }
      : {}),
    // Opening hours are kept as the clinic writes them; the bookable hours are each Schedule's.
    ...(l.hours ? { description: `Hours: ${l.hours}` } : {}),
  };
}

export function healthcareServiceOf(v: VisitTypeRow, locationIds: readonly string[]): FhirResource {
  return {
    resourceType: 'HealthcareService',
    id: v.id,
    active: v.active,
    type: [visitTypeConcept(v)],
    ...(v.specialties.length ? { specialty: v.specialties.map(specialtyConcept) } : {}),
    name: v.name_en,
    comment: `${v.minutes} minutes, ${v.mode === 'video' ? 'by video' : 'in person'}${
      v.self_bookable ? ', bookable online' : ', booked by the office'
    }`,
    ...(locationIds.length ? { location: locationIds.map((id) => ({ reference: `Location/${id}` })) } : {}),
    appointmentRequired: true,
  };
}

/** A provider's bookable time at one location: the Schedule whose free Slots $find computes. */
export function scheduleOf(
  schedule: ScheduleRow,
  provider: ProviderRow,
  services: readonly VisitTypeRow[],
): FhirResource {
  return {
    resourceType: 'Schedule',
    id: schedule.id,
    active: provider.active,
    ...(services.length ? { serviceType: services.map(visitTypeConcept) } : {}),
    ...(provider.specialties.length ? { specialty: provider.specialties.map(specialtyConcept) } : {}),
    actor: [
      { reference: `Practitioner/${provider.id}`, display: providerName(provider) },
      { reference: `PractitionerRole/${schedule.id}` },
      { reference: `Location/${schedule.location_id}` },
    ],
  };
}
