import type { Appointment } from '@accompany/contracts';
import type { Tx } from '../../platform/db/database.js';
import { providerName } from '../directory/directory.repository.js';

const HOUR = 3_600_000;

function baseQuery(tx: Tx) {
  return tx
    .selectFrom('appointments as a')
    .innerJoin('providers as p', 'p.id', 'a.provider_id')
    .innerJoin('locations as l', 'l.id', 'a.location_id')
    .leftJoin('visit_types as v', 'v.id', 'a.visit_type_id')
    .leftJoin('patients as pt', 'pt.id', 'a.patient_id')
    .select([
      'a.id',
      'a.kind',
      'a.status',
      'a.start_at',
      'a.end_at',
      'a.hold_expires_at',
      'a.reason',
      'a.cancel_reason',
      'a.late_cancel',
      'a.confirmed_at',
      'a.checked_in_at',
      'a.patient_id',
      'a.provider_id',
      'a.location_id',
      'a.visit_type_id',
      'p.given_name as p_given',
      'p.family_name as p_family',
      'p.credentials as p_credentials',
      'l.name as l_name',
      'l.line1 as l_line1',
      'l.city as l_city',
      'l.time_zone',
      'v.code as v_code',
      'v.name_en as v_name_en',
      'v.name_es as v_name_es',
      'v.mode as v_mode',
      'v.instructions_en as v_instructions_en',
      'v.instructions_es as v_instructions_es',
      'v.cancel_window_hours as v_cancel_window_hours',
      'pt.given_name as pt_given',
      'pt.family_name as pt_family',
      'pt.mrn as pt_mrn',
    ]);
}

export type AppointmentRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

export function toAppointment(r: AppointmentRow, now: Date, options: { withPatient: boolean }): Appointment {
  const windowHours = r.v_cancel_window_hours ?? 0;
  const until = new Date(r.start_at.getTime() - windowHours * HOUR);
  const selfService = r.kind === 'visit' && ['booked', 'held'].includes(r.status) && until > now;
  return {
    id: r.id,
    kind: r.kind as Appointment['kind'],
    status: r.status as Appointment['status'],
    start: r.start_at.toISOString(),
    end: r.end_at.toISOString(),
    timeZone: r.time_zone,
    holdExpiresAt: r.hold_expires_at?.toISOString() ?? null,
    provider: {
      id: r.provider_id,
      name: providerName({ given_name: r.p_given, family_name: r.p_family, credentials: r.p_credentials }),
      credentials: r.p_credentials,
    },
    location: { id: r.location_id, name: r.l_name, line1: r.l_line1, city: r.l_city },
    visitType:
      r.visit_type_id && r.v_code
        ? {
            id: r.visit_type_id,
            code: r.v_code,
            nameEn: r.v_name_en ?? '',
            nameEs: r.v_name_es ?? '',
            mode: (r.v_mode ?? 'in_person') as 'in_person' | 'video',
            instructionsEn: r.v_instructions_en ?? '',
            instructionsEs: r.v_instructions_es ?? '',
            cancelWindowHours: windowHours,
          }
        : null,
    patient:
      options.withPatient && r.patient_id
        ? { id: r.patient_id, name: `${r.pt_given ?? ''} ${r.pt_family ?? ''}`.trim(), mrn: r.pt_mrn ?? '' }
        : null,
    reason: r.reason,
    cancelReason: r.cancel_reason,
    lateCancel: r.late_cancel,
    confirmedAt: r.confirmed_at?.toISOString() ?? null,
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
    selfServiceUntil: selfService ? until.toISOString() : null,
  };
}

export async function findAppointmentRow(tx: Tx, id: string): Promise<AppointmentRow | undefined> {
  return baseQuery(tx).where('a.id', '=', id).executeTakeFirst();
}

export async function patientAppointmentRows(tx: Tx, patientId: string): Promise<AppointmentRow[]> {
  return baseQuery(tx)
    .where('a.patient_id', '=', patientId)
    .where('a.status', '!=', 'expired')
    .orderBy('a.start_at', 'desc')
    .limit(200)
    .execute();
}

export async function scheduleRows(
  tx: Tx,
  filter: { providerId?: string; locationId?: string; from: Date; to: Date },
): Promise<AppointmentRow[]> {
  let q = baseQuery(tx)
    .where('a.start_at', '<', filter.to)
    .where('a.end_at', '>', filter.from)
    .where('a.status', '!=', 'expired');
  if (filter.providerId) q = q.where('a.provider_id', '=', filter.providerId);
  if (filter.locationId) q = q.where('a.location_id', '=', filter.locationId);
  return q.orderBy('a.start_at').limit(2000).execute();
}
