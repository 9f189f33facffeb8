import {
  Appointment,
  BookBody,
  CancelBody,
  HoldBody,
  LinkTokenBody,
  LinkTokenQuery,
  RescheduleBody,
  SearchQuery,
  SearchResponse,
  SlotsQuery,
  SlotsResponse,
  Uuid,
  WaitlistBody,
  WaitlistEntry,
  Directory,
} from '@accompany/contracts';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import type { Scope } from '../../platform/http/context.js';
import { defineRoute, type AnyRoute, type HandlerContext } from '../../platform/http/route.js';
import { getDirectory } from '../directory/directory.service.js';
import { findAppointmentRow, toAppointment } from './appointments.repository.js';
import {
  appointmentForActor,
  cancelAppointment,
  checkIn,
  confirmAppointment,
  getAppointment,
  myAppointments,
} from './appointments.service.js';
import { bookSlot, holdSlot, moveAppointment } from './booking.service.js';
import { appointmentIcs } from './ics.js';
import { verifyLink } from './links.js';
import { providerSlots, searchProviders } from './search.service.js';
import { acceptOffer, joinWaitlist, waitlistEntries, withdrawFromWaitlist } from './waitlist.service.js';
import { audit } from '../../platform/audit/audit.js';

const tags = ['scheduling'];
const patient = ['patient'] as const;
const patientOrSchedule = ['patient', 'admin', 'front_desk', 'clinician'] as const;

function patientIdOf(scope: Scope): string {
  const id = scope.actor?.patientId;
  if (!id) throw new AppError('forbidden', 'Only a patient can do this');
  return id;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;
export function idempotencyKeyOf(ctx: HandlerContext): string | null {
  const key = ctx.request.headers['idempotency-key'];
  if (key === undefined) return null;
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) {
    throw new AppError(
      'validation_failed',
      'The Idempotency-Key header must be 8–100 letters, digits, - or _',
      {
        errors: [{ path: 'Idempotency-Key', message: 'Use 8–100 letters, digits, - or _' }],
      },
    );
  }
  return key;
}

const start = (iso: string) => new Date(iso);

function calendarFile(ctx: HandlerContext, a: Appointment, now: Date): string {
  ctx.reply.type('text/calendar; charset=utf-8');
  ctx.reply.header('content-disposition', 'attachment; filename="appointment.ics"');
  return appointmentIcs({
    uid: a.id,
    start: new Date(a.start),
    end: new Date(a.end),
    summary: `${a.visitType?.nameEn ?? 'Appointment'} with ${a.provider.name}`,
    location: `${a.location.name}, ${a.location.line1}, ${a.location.city}`,
    description: a.visitType?.instructionsEn ?? '',
    cancelled: a.status === 'cancelled',
    now,
  });
}

/** The appointment a signed mail link names, or a 400 for a bad or expired link. */
async function fromLink(scope: Scope, ctx: HandlerContext, token: string, now: Date) {
  const claims = verifyLink(ctx.platform.keyring, token, 'manage', now);
  const row = claims ? await findAppointmentRow(scope.tx, claims.id) : undefined;
  if (!row || row.kind !== 'visit')
    throw new AppError('invalid_token', 'This link is not valid or has expired');
  await audit(scope, {
    action: 'read',
    objectType: 'Appointment',
    objectId: row.id,
    patientId: row.patient_id,
  });
  return row;
}

export const schedulingRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/scheduling/directory',
    summary: 'Providers, locations and visit types',
    tags,
    access: 'public',
    response: Directory,
    handler: async (_i, ctx) => getDirectory(ctx.scope),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/scheduling/search',
    summary: 'Find a provider by reason, specialty, name, place, insurance, language, gender and time',
    tags,
    access: 'public',
    limitAnonymous: true,
    query: SearchQuery,
    response: SearchResponse,
    handler: async ({ query }, ctx) => searchProviders(ctx.scope, query, new Date()),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/scheduling/providers/:id/slots',
    summary: "A provider's open times at a location for a visit type",
    tags,
    access: 'public',
    limitAnonymous: true,
    params: z.strictObject({ id: Uuid }),
    query: SlotsQuery,
    response: SlotsResponse,
    handler: async ({ params, query }, ctx) =>
      providerSlots(ctx.scope, { providerId: params.id, ...query, days: query.days ?? 7 }, new Date(), {
        endsTransaction: true,
      }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/appointments/holds',
    summary: 'Hold a time for a few minutes while booking',
    tags,
    access: patient,
    body: HoldBody,
    status: 201,
    response: Appointment,
    handler: async ({ body }, ctx) =>
      holdSlot(ctx.scope, patientIdOf(ctx.scope), { ...body, start: start(body.start) }, new Date()),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/appointments',
    summary: 'Book a time (send an Idempotency-Key to retry safely)',
    tags,
    access: patient,
    body: BookBody,
    status: 201,
    response: Appointment,
    handler: async ({ body }, ctx) =>
      bookSlot(
        ctx.scope,
        ctx.platform,
        {
          ...body,
          start: start(body.start),
          patientId: patientIdOf(ctx.scope),
          idempotencyKey: idempotencyKeyOf(ctx),
          byStaff: false,
          endsTransaction: true,
        },
        new Date(),
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/appointments',
    summary: 'My appointments',
    tags,
    access: patient,
    response: z.object({ items: z.array(Appointment) }),
    handler: async (_i, ctx) => ({ items: await myAppointments(ctx.scope, new Date()) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/appointments/:id',
    summary: 'One appointment',
    tags,
    access: patientOrSchedule,
    params: z.strictObject({ id: Uuid }),
    response: Appointment,
    handler: async ({ params }, ctx) => getAppointment(ctx.scope, params.id, new Date()),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/appointments/:id/calendar.ics',
    summary: 'The appointment as an iCalendar file',
    tags,
    access: patientOrSchedule,
    params: z.strictObject({ id: Uuid }),
    handler: async ({ params }, ctx) => {
      const now = new Date();
      return calendarFile(ctx, await getAppointment(ctx.scope, params.id, now), now);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/appointments/:id/cancel',
    summary: 'Cancel my appointment, with a reason',
    tags,
    access: patient,
    params: z.strictObject({ id: Uuid }),
    body: CancelBody,
    response: Appointment,
    handler: async ({ params, body }, ctx) => {
      const row = await appointmentForActor(ctx.scope, params.id, 'update');
      return cancelAppointment(
        ctx.scope,
        ctx.platform,
        row,
        { reason: body.reason, byStaff: false },
        new Date(),
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/appointments/:id/reschedule',
    summary: 'Move my appointment to another open time',
    tags,
    access: patient,
    params: z.strictObject({ id: Uuid }),
    body: RescheduleBody,
    response: Appointment,
    handler: async ({ params, body }, ctx) => {
      await appointmentForActor(ctx.scope, params.id, 'update');
      return moveAppointment(
        ctx.scope,
        ctx.platform,
        params.id,
        { ...body, start: start(body.start) },
        { byStaff: false },
        new Date(),
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/appointments/:id/check-in',
    summary: 'Check in on the day of the visit',
    tags,
    access: patient,
    params: z.strictObject({ id: Uuid }),
    response: Appointment,
    handler: async ({ params }, ctx) => {
      const row = await appointmentForActor(ctx.scope, params.id, 'update');
      return checkIn(ctx.scope, row, new Date(), false);
    },
  }),
  // Signed links from mail: act on one appointment without signing in.
  defineRoute({
    method: 'GET',
    url: '/api/appointment-links/appointment',
    summary: 'The appointment a mail link is for',
    tags,
    access: 'public',
    query: LinkTokenQuery,
    response: Appointment,
    handler: async ({ query }, ctx) => {
      const now = new Date();
      return toAppointment(await fromLink(ctx.scope, ctx, query.token, now), now, { withPatient: false });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/appointment-links/calendar.ics',
    summary: 'The iCalendar file of a mail link',
    tags,
    access: 'public',
    query: LinkTokenQuery,
    handler: async ({ query }, ctx) => {
      const now = new Date();
      const row = await fromLink(ctx.scope, ctx, query.token, now);
      return calendarFile(ctx, toAppointment(row, now, { withPatient: false }), now);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/appointment-links/confirm',
    summary: 'Confirm an appointment from a mail link',
    tags,
    access: 'public',
    body: LinkTokenBody,
    response: Appointment,
    handler: async ({ body }, ctx) => {
      const now = new Date();
      return confirmAppointment(ctx.scope, await fromLink(ctx.scope, ctx, body.token, now), now);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/appointment-links/cancel',
    summary: 'Cancel an appointment from a mail link',
    tags,
    access: 'public',
    body: LinkTokenBody.extend({ reason: CancelBody.shape.reason }),
    response: Appointment,
    handler: async ({ body }, ctx) => {
      const now = new Date();
      const row = await fromLink(ctx.scope, ctx, body.token, now);
      return cancelAppointment(ctx.scope, ctx.platform, row, { reason: body.reason, byStaff: false }, now);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/waitlist',
    summary: 'Ask for an earlier time for one of my visits',
    tags,
    access: patient,
    body: WaitlistBody,
    status: 201,
    response: WaitlistEntry,
    handler: async ({ body }, ctx) =>
      joinWaitlist(ctx.scope, patientIdOf(ctx.scope), body.appointmentId, new Date()),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/waitlist',
    summary: 'My waitlist requests and offers',
    tags,
    access: patient,
    response: z.object({ items: z.array(WaitlistEntry) }),
    handler: async (_i, ctx) => ({
      items: await waitlistEntries(ctx.scope, { patientId: patientIdOf(ctx.scope) }),
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/waitlist/offers/:id/accept',
    summary: 'Take an offered earlier time',
    tags,
    access: patient,
    params: z.strictObject({ id: Uuid }),
    response: Appointment,
    handler: async ({ params }, ctx) =>
      acceptOffer(ctx.scope, ctx.platform, patientIdOf(ctx.scope), params.id, new Date()),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/waitlist/:id/withdraw',
    summary: 'Stop waiting for an earlier time',
    tags,
    access: patient,
    params: z.strictObject({ id: Uuid }),
    response: z.object({ ok: z.literal(true) }),
    handler: async ({ params }, ctx) => withdrawFromWaitlist(ctx.scope, patientIdOf(ctx.scope), params.id),
  }),
];
