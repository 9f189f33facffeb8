import type { WaitlistEntry } from '@accompany/contracts';
import { audit } from '../../platform/audit/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { queueEmail } from '../../platform/notify/outbox.js';
import { notify } from '../../platform/notify/notifications.js';
import { providerName } from '../directory/directory.repository.js';
import { moveAppointment } from './booking.service.js';
import { waitlistEntries } from './waitlist-entries.js';

export { waitlistEntries } from './waitlist-entries.js';
import { formatWhen, inAppTitles, OFFER_EXPIRY_QUEUE, patientContact } from './notices.js';

// An earlier time for patients who ask: when time frees up, offers go to the longest-waiting
// patients (a few at once, so a slot does not sit idle while one person sleeps); the first to
// accept moves their visit there through the same cells as any booking, so two acceptances cannot
// both succeed. Offers that expire unanswered pass to the next in line.

const MINUTE = 60_000;
/** Patients offered one freed time at once. */
export const OFFER_BATCH = 3;

export interface FreedTime {
  providerId: string;
  locationId: string;
  start: Date;
  end: Date;
}

export async function joinWaitlist(
  scope: Scope,
  patientId: string,
  appointmentId: string,
  now: Date,
): Promise<WaitlistEntry> {
  const appointment = await scope.tx
    .selectFrom('appointments')
    .select(['id', 'patient_id', 'provider_id', 'visit_type_id', 'status', 'start_at'])
    .where('id', '=', appointmentId)
    .executeTakeFirst();
  if (!appointment || appointment.patient_id !== patientId) {
    if (appointment) {
      await audit(scope, {
        action: 'update',
        objectType: 'Appointment',
        objectId: appointmentId,
        patientId: appointment.patient_id,
        outcome: 'denied',
      });
      throw new AppError('not_found', 'The appointment was not found', { keepWrites: true });
    }
    throw notFound('The appointment');
  }
  if (appointment.status !== 'booked' || appointment.start_at <= now || !appointment.visit_type_id) {
    throw new AppError('conflict', 'Only an upcoming booked visit can wait for an earlier time');
  }
  const entry = await scope.tx
    .insertInto('waitlist_entries')
    .values({
      tenant_id: scope.tenant.id,
      patient_id: patientId,
      appointment_id: appointmentId,
      provider_id: appointment.provider_id,
      visit_type_id: appointment.visit_type_id,
      before_at: appointment.start_at,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'appointment_id'])
        .where('status', 'in', ['waiting', 'offered'])
        .where('appointment_id', 'is not', null)
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (!entry) throw new AppError('conflict', 'This visit is already on the waitlist');
  await audit(scope, { action: 'create', objectType: 'WaitlistEntry', objectId: entry.id, patientId });
  const [view] = await waitlistEntries(scope, { entryId: entry.id });
  return view!;
}

/** Offers a freed time to the next patients in line (a job, after a cancellation or a move). */
export async function offerFreedTime(
  scope: Scope,
  platform: Platform,
  freed: FreedTime,
  now: Date,
): Promise<number> {
  const { tx } = scope;
  if (freed.start.getTime() <= now.getTime() + 30 * MINUTE) return 0;
  // Still free? Someone may have booked it meanwhile.
  const taken = await tx
    .selectFrom('slot_cells')
    .select('cell_start')
    .where('provider_id', '=', freed.providerId)
    .where('cell_start', '>=', freed.start)
    .where('cell_start', '<', freed.end)
    .executeTakeFirst();
  if (taken) return 0;
  const open = await tx
    .selectFrom('waitlist_offers')
    .select('id')
    .where('provider_id', '=', freed.providerId)
    .where('start_at', '=', freed.start)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (open) return 0;
  const settings = await tx.selectFrom('scheduling_settings').select('offer_minutes').executeTakeFirst();
  const expires = new Date(now.getTime() + (settings?.offer_minutes ?? 30) * MINUTE);
  const span = (freed.end.getTime() - freed.start.getTime()) / MINUTE;
  const entries = await tx
    .selectFrom('waitlist_entries as w')
    .innerJoin('visit_types as v', 'v.id', 'w.visit_type_id')
    .select(['w.id', 'w.patient_id', 'v.minutes'])
    .where('w.provider_id', '=', freed.providerId)
    .where('w.status', '=', 'waiting')
    .where('w.before_at', '>', freed.start)
    .where('v.minutes', '<=', span)
    // Each patient is offered one freed time once.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('waitlist_offers as o')
            .select('o.id')
            .whereRef('o.entry_id', '=', 'w.id')
            .where('o.start_at', '=', freed.start),
        ),
      ),
    )
    .orderBy('w.created_at')
    .limit(OFFER_BATCH)
    .execute();
  const location = await tx
    .selectFrom('locations')
    .select(['name', 'line1', 'city', 'time_zone'])
    .where('id', '=', freed.locationId)
    .executeTakeFirstOrThrow();
  const provider = await tx
    .selectFrom('providers')
    .select(['given_name', 'family_name', 'credentials'])
    .where('id', '=', freed.providerId)
    .executeTakeFirstOrThrow();
  for (const entry of entries) {
    const offer = await tx
      .insertInto('waitlist_offers')
      .values({
        tenant_id: scope.tenant.id,
        entry_id: entry.id,
        provider_id: freed.providerId,
        location_id: freed.locationId,
        start_at: freed.start,
        end_at: new Date(freed.start.getTime() + entry.minutes * MINUTE),
        expires_at: expires,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('waitlist_entries').set({ status: 'offered' }).where('id', '=', entry.id).execute();
    const contact = await patientContact(tx, entry.patient_id);
    const when = formatWhen(freed.start.toISOString(), location.time_zone, contact.locale);
    if (contact.email) {
      await queueEmail(scope, platform.jobs, {
        to: contact.email,
        userId: contact.userId,
        template: 'waitlist_offer',
        locale: contact.locale,
        data: {
          givenName: contact.givenName,
          when,
          provider: providerName(provider),
          place: `${location.name}, ${location.line1}, ${location.city}`,
          link: `${platform.config.publicUrl}/appointments/waitlist`,
        },
      });
    }
    if (contact.userId) {
      await notify(scope, {
        userId: contact.userId,
        kind: 'waitlist_offer',
        title: inAppTitles.waitlist_offer[contact.locale],
        body: when,
        link: '/appointments/waitlist',
      });
    }
    await audit(scope, {
      action: 'create',
      objectType: 'WaitlistOffer',
      objectId: offer.id,
      patientId: entry.patient_id,
    });
  }
  if (entries.length) {
    await platform.jobs.enqueue(
      tx,
      scope.tenant.id,
      OFFER_EXPIRY_QUEUE,
      {
        providerId: freed.providerId,
        locationId: freed.locationId,
        start: freed.start.toISOString(),
        end: freed.end.toISOString(),
      },
      { runAt: expires },
    );
  }
  return entries.length;
}

/** Unanswered offers for a freed time expire; the time goes to the next in line. */
export async function expireOffers(
  scope: Scope,
  platform: Platform,
  freed: FreedTime,
  now: Date,
): Promise<number> {
  const expired = await scope.tx
    .updateTable('waitlist_offers')
    .set({ status: 'expired' })
    .where('provider_id', '=', freed.providerId)
    .where('start_at', '=', freed.start)
    .where('status', '=', 'open')
    .where('expires_at', '<=', now)
    .returning('entry_id')
    .execute();
  if (expired.length) {
    await scope.tx
      .updateTable('waitlist_entries')
      .set({ status: 'waiting' })
      .where(
        'id',
        'in',
        expired.map((e) => e.entry_id),
      )
      .where('status', '=', 'offered')
      .execute();
  }
  return offerFreedTime(scope, platform, freed, now);
}

/** The patient takes an offered time: their visit moves there, or a 409 when someone was first. */
export async function acceptOffer(
  scope: Scope,
  platform: Platform,
  patientId: string,
  offerId: string,
  now: Date,
) {
  const { tx } = scope;
  const offer = await tx
    .selectFrom('waitlist_offers as o')
    .innerJoin('waitlist_entries as w', 'w.id', 'o.entry_id')
    .select([
      'o.id',
      'o.status',
      'o.expires_at',
      'o.start_at',
      'o.provider_id',
      'o.location_id',
      'w.id as entry_id',
      'w.patient_id',
      'w.appointment_id',
    ])
    .where('o.id', '=', offerId)
    .executeTakeFirst();
  if (!offer || offer.patient_id !== patientId) {
    if (offer) {
      await audit(scope, {
        action: 'update',
        objectType: 'WaitlistOffer',
        objectId: offerId,
        patientId: offer.patient_id,
        outcome: 'denied',
      });
      throw new AppError('not_found', 'The offer was not found', { keepWrites: true });
    }
    throw notFound('The offer');
  }
  if (offer.status !== 'open' || offer.expires_at <= now) {
    throw new AppError(
      'conflict',
      offer.status === 'taken' ? 'Someone else accepted this time first' : 'This offer is no longer open',
    );
  }
  if (!offer.appointment_id) throw new AppError('conflict', 'There is no visit to move');
  try {
    const appointment = await moveAppointment(
      scope,
      platform,
      offer.appointment_id,
      { start: offer.start_at, providerId: offer.provider_id, locationId: offer.location_id },
      { byStaff: true },
      now,
    );
    await tx.updateTable('waitlist_offers').set({ status: 'accepted' }).where('id', '=', offer.id).execute();
    await tx
      .updateTable('waitlist_entries')
      .set({ status: 'fulfilled' })
      .where('id', '=', offer.entry_id)
      .execute();
    const others = await tx
      .updateTable('waitlist_offers')
      .set({ status: 'taken' })
      .where('provider_id', '=', offer.provider_id)
      .where('start_at', '=', offer.start_at)
      .where('status', '=', 'open')
      .returning('entry_id')
      .execute();
    if (others.length) {
      await tx
        .updateTable('waitlist_entries')
        .set({ status: 'waiting' })
        .where(
          'id',
          'in',
          others.map((o) => o.entry_id),
        )
        .where('status', '=', 'offered')
        .execute();
    }
    return appointment;
  } catch (error) {
    if (error instanceof AppError && error.kind === 'conflict') {
      await tx.updateTable('waitlist_offers').set({ status: 'taken' }).where('id', '=', offer.id).execute();
      await tx
        .updateTable('waitlist_entries')
        .set({ status: 'waiting' })
        .where('id', '=', offer.entry_id)
        .where('status', '=', 'offered')
        .execute();
      throw new AppError('conflict', 'Someone else accepted this time first', {
        keepWrites: true,
        ...(error.details.extra ? { extra: error.details.extra } : {}),
      });
    }
    throw error;
  }
}

export async function withdrawFromWaitlist(scope: Scope, patientId: string, entryId: string) {
  const done = await scope.tx
    .updateTable('waitlist_entries')
    .set({ status: 'withdrawn' })
    .where('id', '=', entryId)
    .where('patient_id', '=', patientId)
    .where('status', 'in', ['waiting', 'offered'])
    .returning('id')
    .executeTakeFirst();
  if (!done) throw notFound('The waitlist entry');
  await audit(scope, { action: 'update', objectType: 'WaitlistEntry', objectId: entryId, patientId });
  return { ok: true as const };
}
