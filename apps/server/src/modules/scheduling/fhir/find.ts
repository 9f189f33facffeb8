import { assertAllowed, type FhirContext } from '../../../fhir/access.js';
import { badRequest, forbiddenError } from '../../../fhir/operation-outcome.js';
import type { Bundle } from '../../../fhir/types.js';
import { providerName } from '../../directory/directory.repository.js';
import { offers } from '../availability.service.js';
import { providerSlots } from '../search.service.js';
import { proposedAppointment } from './map-appointment.js';
import { idIn, instantIn, type OperationInput } from './parameters.js';

// Appointment/$find: free times computed by the same slot maths the app's search uses; they are
// not stored, so each comes back as a proposed Appointment named by its slot key.

const DAY = 86_400_000;
const MAX_DAYS = 31;
/** Without a provider, this many provider-location schedules are looked at. */
const MAX_SCHEDULES = 25;

export const isStaffCaller = (ctx: FhirContext) => ctx.access.kind === 'staff';

/** The patient a request is for: a patient-bound caller may only name themselves. */
export function patientFor(ctx: FhirContext, named: string | undefined, required: boolean): string | null {
  const id = named ? idIn(named, 'Patient', 'patient') : ctx.access.patientId;
  if (ctx.access.patientId && id !== ctx.access.patientId)
    throw forbiddenError('This access is for another patient');
  if (!id && required) throw badRequest('Name the patient (parameter "patient": Patient/<id>)');
  return id;
}

export interface OpenTimeFilter {
  start: Date;
  end: Date;
  providerId?: string | undefined;
  locationId?: string | undefined;
  scheduleId?: string | undefined;
  /** A visit type code (a bare code or system|code). */
  serviceType?: string | undefined;
  count: number;
  byStaff: boolean;
}

export type OpenTime = Parameters<typeof proposedAppointment>[0] & { scheduleId: string };

/** Free times of the matching provider-location schedules, soonest first, by the app's slot maths. */
export async function openTimes(ctx: FhirContext, f: OpenTimeFilter, now: Date): Promise<OpenTime[]> {
  const { tx } = ctx.scope;
  if (!(f.end > f.start)) throw badRequest('The end of the time range must be after its start');
  if (f.end.getTime() - f.start.getTime() > MAX_DAYS * DAY)
    throw badRequest(`Look at most ${MAX_DAYS} days at once`);
  let visitQuery = tx.selectFrom('visit_types').selectAll().where('active', '=', true);
  if (!f.byStaff) visitQuery = visitQuery.where('self_bookable', '=', true);
  const code = f.serviceType?.split('|').pop();
  if (code) visitQuery = visitQuery.where('code', '=', code);
  const visitTypes = await visitQuery.orderBy('minutes').execute();
  if (code && visitTypes.length === 0) throw badRequest(`No bookable visit type has the code "${code}"`);

  let q = tx
    .selectFrom('provider_schedules as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select([
      's.id',
      's.provider_id',
      's.location_id',
      'p.given_name',
      'p.family_name',
      'p.credentials',
      'p.specialties',
    ])
    .where('p.active', '=', true);
  if (f.providerId) q = q.where('s.provider_id', '=', f.providerId);
  if (f.locationId) q = q.where('s.location_id', '=', f.locationId);
  if (f.scheduleId) q = q.where('s.id', '=', f.scheduleId);
  const schedules = await q.orderBy('s.id').limit(MAX_SCHEDULES).execute();

  const fromDay = new Date(f.start.getTime() - DAY).toISOString().slice(0, 10);
  const days = Math.ceil((f.end.getTime() - f.start.getTime()) / DAY) + 2;
  const found: OpenTime[] = [];
  for (const s of schedules) {
    const visitType = visitTypes.find((v) => offers(s.specialties, v.specialties));
    if (!visitType) continue;
    const open = await providerSlots(
      ctx.scope,
      {
        providerId: s.provider_id,
        locationId: s.location_id,
        visitTypeId: visitType.id,
        from: fromDay,
        days,
      },
      now,
    );
    for (const slot of open.slots) {
      const at = new Date(slot.start);
      if (at < f.start || at >= f.end) continue;
      found.push({
        scheduleId: s.id,
        providerId: s.provider_id,
        locationId: s.location_id,
        visitTypeCode: visitType.code,
        visitTypeName: visitType.name_en,
        providerDisplay: providerName(s),
        start: at,
        end: new Date(slot.end),
      });
    }
  }
  found.sort((a, b) => a.start.getTime() - b.start.getTime() || a.providerId.localeCompare(b.providerId));
  return found.slice(0, f.count);
}

export function countIn(value: string | undefined, fallback: number): number {
  const count = Number(value ?? fallback);
  if (!Number.isInteger(count) || count < 1 || count > 500) throw badRequest('_count must be 1 to 500');
  return count;
}

export async function findAppointments(ctx: FhirContext, input: OperationInput, now: Date): Promise<Bundle> {
  assertAllowed(ctx.access, 'Appointment', 'search');
  const patientId = patientFor(ctx, input.text('patient'), false);
  const practitioner = input.text('practitioner') ?? input.text('provider');
  const location = input.text('location');
  const page = await openTimes(
    ctx,
    {
      start: instantIn(input.text('start'), 'start'),
      end: instantIn(input.text('end'), 'end'),
      providerId: practitioner ? idIn(practitioner, 'Practitioner', 'practitioner') : undefined,
      locationId: location ? idIn(location, 'Location', 'location') : undefined,
      serviceType: input.text('service-type') ?? input.text('visit-type'),
      count: countIn(input.text('_count'), 100),
      byStaff: isStaffCaller(ctx),
    },
    now,
  );
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: page.length,
    entry: page.map((slot) => ({
      resource: proposedAppointment(slot, patientId) as unknown as fhir4.Appointment,
      search: { mode: 'match' },
    })),
  };
}
