import { systemAccess, type FhirContext } from '../../../fhir/access.js';
import { prepareVersion } from '../../../fhir/store/prepare.js';
import { findCurrent, versionStatements } from '../../../fhir/store/resource.repository.js';
import { fhirAuditRecords } from '../../../fhir/audit-trail.js';
import type { AuditRecord } from '../../../platform/audit/audit.js';
import type { Statement } from '../../../platform/db/together.js';
import { commitPrepared } from '../../../fhir/store/resource.service.js';
import type { FhirResource, StoredResource } from '../../../fhir/types.js';
import type { Scope } from '../../../platform/http/context.js';
import { findAppointmentRow, type AppointmentRow } from '../appointments.repository.js';
import { offers } from '../availability.service.js';
import { appointmentOf } from './map-appointment.js';
import {
  healthcareServiceOf,
  locationOf,
  practitionerOf,
  practitionerRoleOf,
  scheduleOf,
} from './map-directory.js';

// The FHIR store keeps the scheduling resources current: after a directory or appointment change
// the service calls a sync here in its own transaction, and the mapped resources go through the
// door's write path (validation, index, history, audit). Unchanged content writes nothing.

/** A large directory goes in batches, to keep each statement's parameters within bounds. */
const BATCH = 400;

async function writeAll(scope: Scope, resources: FhirResource[]): Promise<Map<string, StoredResource>> {
  const ctx: FhirContext = { scope, access: systemAccess };
  const out = new Map<string, StoredResource>();
  const now = new Date().toISOString();
  for (let i = 0; i < resources.length; i += BATCH) {
    const batch = resources.slice(i, i + BATCH);
    const keys = batch.map((r) => ({ resourceType: r.resourceType, id: r.id! }));
    const current = await findCurrent(scope.tx, keys, true);
    const prepared = batch.map((r) =>
      prepareVersion(systemAccess, r, r.id!, current.get(`${r.resourceType}/${r.id}`), now),
    );
    await commitPrepared(ctx, prepared);
    for (const p of prepared) out.set(`${p.stored.resourceType}/${p.stored.id}`, p.stored);
  }
  return out;
}

/** What changed: one provider (with their roles and schedules), one location, or everything. */
export interface DirectoryChange {
  providerId?: string;
  locationId?: string;
}

/**
 * The directory as Practitioner, PractitionerRole, Location, HealthcareService and Schedule. A
 * change to one provider or location rewrites only what it touches (visit types are few, so their
 * HealthcareServices are always recomputed with a provider); no argument means everything.
 */
export async function syncDirectory(scope: Scope, change: DirectoryChange = {}): Promise<void> {
  const { tx } = scope;
  if (change.locationId) {
    const location = await tx
      .selectFrom('locations')
      .selectAll()
      .where('id', '=', change.locationId)
      .execute();
    await writeAll(scope, location.map(locationOf));
    return;
  }
  const [providers, locations, visitTypes, schedules] = await Promise.all([
    tx.selectFrom('providers').selectAll().orderBy('id').execute(),
    change.providerId ? Promise.resolve([]) : tx.selectFrom('locations').selectAll().orderBy('id').execute(),
    tx.selectFrom('visit_types').selectAll().orderBy('id').execute(),
    tx.selectFrom('provider_schedules').selectAll().orderBy('id').execute(),
  ]);
  const providerOf = new Map(providers.map((p) => [p.id, p]));
  const touched = (providerId: string) => !change.providerId || providerId === change.providerId;
  const resources: FhirResource[] = [
    ...locations.map(locationOf),
    ...providers.filter((p) => touched(p.id)).map(practitionerOf),
  ];
  const servedAt = new Map<string, Set<string>>();
  for (const s of schedules) {
    const provider = providerOf.get(s.provider_id);
    if (!provider) continue;
    const services = visitTypes.filter((v) => v.active && offers(provider.specialties, v.specialties));
    for (const v of services)
      (servedAt.get(v.id) ?? servedAt.set(v.id, new Set()).get(v.id)!).add(s.location_id);
    if (touched(s.provider_id))
      resources.push(practitionerRoleOf(s, provider, services), scheduleOf(s, provider, services));
  }
  resources.push(...visitTypes.map((v) => healthcareServiceOf(v, [...(servedAt.get(v.id) ?? [])].sort())));
  await writeAll(scope, resources);
}

/**
 * The first version of a just-created appointment's resource, as statements for the caller to
 * write with its other writes (and the FHIR audit records to add to its own): nothing to read
 * first, since the id is new, and no validator run, since `appointmentOf` is proven valid by its
 * unit tests. The same resource the door's write path would store.
 */
export function newAppointmentWrites(
  scope: Scope,
  row: AppointmentRow,
): { statements: Statement[]; audits: AuditRecord[] } {
  const ctx: FhirContext = { scope, access: systemAccess };
  const prepared = prepareVersion(
    systemAccess,
    appointmentOf(row),
    row.id,
    undefined,
    new Date().toISOString(),
    {
      trusted: true,
    },
  );
  return {
    statements: versionStatements(scope.tenant.id, prepared.write ? [prepared.write] : []),
    audits: fhirAuditRecords(ctx, 'create', [prepared.stored]),
  };
}

/** One appointment's resource, current with its row; blocks of staff time are not appointments. */
export async function syncAppointment(
  scope: Scope,
  id: string,
  known?: AppointmentRow,
): Promise<StoredResource | null> {
  const row = known ?? (await findAppointmentRow(scope.tx, id));
  if (!row || row.kind !== 'visit') return null;
  const resource = appointmentOf(row);
  return (await writeAll(scope, [resource])).get(`Appointment/${id}`) ?? null;
}
