import { inTenant, type Db } from '../../platform/db/database.js';
import type { Scope } from '../../platform/http/context.js';
import type { JobRow } from '../../platform/jobs/queue.js';
import type { Platform } from '../../platform/platform.js';
import { audit } from '../../platform/audit/audit.js';
import { findAppointmentRow, toAppointment } from './appointments.repository.js';
import { releaseCells } from './claims.js';
import {
  mailAboutAppointment,
  NO_SHOW_QUEUE,
  OFFER_EXPIRY_QUEUE,
  REMINDER_QUEUE,
  WAITLIST_QUEUE,
} from './notices.js';
import { expireOffers, offerFreedTime, type FreedTime } from './waitlist.service.js';
import { syncAppointment } from './fhir/sync.js';

type Handler = (job: JobRow) => Promise<void>;

/** Work done by a job acts as the system: no actor, the job id as the request id in the audit trail. */
async function asSystem<T>(db: Db, job: JobRow, work: (scope: Scope) => Promise<T>): Promise<T> {
  return inTenant(db, job.tenantId, (tx) =>
    work({
      tx,
      tenant: { id: job.tenantId, slug: '', name: '' },
      actor: null,
      meta: { ip: null, userAgent: null, requestId: `job:${job.id}` },
    }),
  );
}

const freedOf = (payload: Record<string, unknown>): FreedTime => ({
  providerId: String(payload.providerId),
  locationId: String(payload.locationId),
  start: new Date(String(payload.start)),
  end: new Date(String(payload.end)),
});

/**
 * The scheduling jobs, for the worker. `clock` is injectable so tests run them at an explicit time.
 */
export function schedulingJobHandlers(
  platform: Platform,
  clock: () => Date = () => new Date(),
): Record<string, Handler> {
  const db = platform.db;
  return {
    /** A reminder at one of the organization's offsets, unless the visit moved, ended or was cancelled. */
    [REMINDER_QUEUE]: (job) =>
      asSystem(db, job, async (scope) => {
        const row = await findAppointmentRow(scope.tx, String(job.payload.appointmentId));
        if (!row || row.status !== 'booked' || row.start_at.toISOString() !== job.payload.start) return;
        const now = clock();
        if (row.start_at <= now) return;
        await audit(scope, {
          action: 'read',
          objectType: 'Appointment',
          objectId: row.id,
          patientId: row.patient_id,
        });
        await mailAboutAppointment(
          scope,
          platform,
          toAppointment(row, now, { withPatient: true }),
          'appointment_reminder',
          row.patient_id,
        );
      }),
    /** Nobody arrived: the visit becomes a no-show (kept for the analytics) and frees nothing. */
    [NO_SHOW_QUEUE]: (job) =>
      asSystem(db, job, async (scope) => {
        const id = String(job.payload.appointmentId);
        const updated = await scope.tx
          .updateTable('appointments')
          .set({ status: 'no_show', updated_at: clock() })
          .where('id', '=', id)
          .where('status', '=', 'booked')
          .where('start_at', '=', new Date(String(job.payload.start)))
          .where('end_at', '<=', clock())
          .returning('patient_id')
          .executeTakeFirst();
        if (updated) {
          await releaseCells(scope.tx, id);
          await syncAppointment(scope, id);
          await audit(scope, {
            action: 'update',
            objectType: 'Appointment',
            objectId: id,
            patientId: updated.patient_id,
          });
        }
      }),
    [WAITLIST_QUEUE]: (job) =>
      asSystem(db, job, async (scope) => {
        await offerFreedTime(scope, platform, freedOf(job.payload), clock());
      }),
    [OFFER_EXPIRY_QUEUE]: (job) =>
      asSystem(db, job, async (scope) => {
        await expireOffers(scope, platform, freedOf(job.payload), clock());
      }),
  };
}
