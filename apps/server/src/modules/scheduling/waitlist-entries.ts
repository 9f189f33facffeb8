import type { WaitlistEntry } from '@accompany/contracts';
import { audit } from '../../platform/audit/audit.js';
import type { Scope } from '../../platform/http/context.js';
import { providerName } from '../directory/directory.repository.js';

/** Waitlist entries with their open or accepted offer; staff also see who is waiting. Audited. */
export async function waitlistEntries(
  scope: Scope,
  filter: { patientId?: string; providerId?: string | undefined; entryId?: string },
): Promise<WaitlistEntry[]> {
  let q = scope.tx
    .selectFrom('waitlist_entries as w')
    .innerJoin('providers as p', 'p.id', 'w.provider_id')
    .innerJoin('patients as pt', 'pt.id', 'w.patient_id')
    .leftJoin('waitlist_offers as o', (j) =>
      j.onRef('o.entry_id', '=', 'w.id').on('o.status', 'in', ['open', 'accepted']),
    )
    .select([
      'w.id',
      'w.status',
      'w.appointment_id',
      'w.provider_id',
      'w.patient_id',
      'w.before_at',
      'w.created_at',
      'p.given_name',
      'p.family_name',
      'p.credentials',
      'pt.given_name as pt_given',
      'pt.family_name as pt_family',
      'o.id as offer_id',
      'o.start_at as offer_start',
      'o.end_at as offer_end',
      'o.expires_at as offer_expires',
      'o.status as offer_status',
    ])
    .orderBy('w.created_at')
    .limit(500);
  if (filter.patientId) q = q.where('w.patient_id', '=', filter.patientId);
  if (filter.providerId) q = q.where('w.provider_id', '=', filter.providerId);
  if (filter.entryId) q = q.where('w.id', '=', filter.entryId);
  if (!filter.entryId) q = q.where('w.status', 'in', ['waiting', 'offered']);
  const rows = await q.execute();
  const staff = scope.actor?.role !== 'patient';
  if (!filter.entryId) {
    const patients = [...new Set(rows.map((r) => r.patient_id))];
    await audit(
      scope,
      patients.map((patientId) => ({
        action: 'search' as const,
        objectType: 'WaitlistEntry',
        objectId: null,
        patientId,
      })),
    );
  }
  return rows.map((r) => ({
    id: r.id,
    status: r.status as WaitlistEntry['status'],
    appointmentId: r.appointment_id,
    providerId: r.provider_id,
    providerName: providerName({
      given_name: r.given_name,
      family_name: r.family_name,
      credentials: r.credentials,
    }),
    patient: staff ? { id: r.patient_id, name: `${r.pt_given} ${r.pt_family}` } : null,
    beforeAt: r.before_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    offer:
      r.offer_id && r.offer_start && r.offer_end && r.offer_expires
        ? {
            id: r.offer_id,
            start: r.offer_start.toISOString(),
            end: r.offer_end.toISOString(),
            expiresAt: r.offer_expires.toISOString(),
            status: r.offer_status ?? 'open',
          }
        : null,
  }));
}
