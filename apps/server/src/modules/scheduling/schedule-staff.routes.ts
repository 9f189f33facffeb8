import {
  Appointment,
  BlockBody,
  CancelBody,
  RescheduleBody,
  ScheduleQuery,
  StaffBookBody,
  Uuid,
  WaitlistEntry,
  IsoDate,
} from '@accompany/contracts';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { defineRoute, type AnyRoute } from '../../platform/http/route.js';
import { findLocation, findProvider } from '../directory/directory.repository.js';
import {
  appointmentForActor,
  cancelAppointment,
  checkIn,
  scheduleStaff,
  scheduleView,
} from './appointments.service.js';
import { blockTime, bookSlot, moveAppointment } from './booking.service.js';
import { idempotencyKeyOf } from './scheduling.routes.js';
import { waitlistEntries } from './waitlist.service.js';

const tags = ['staff', 'scheduling'];
const list = z.object({ items: z.array(Appointment) });

export const scheduleStaffRoutes: AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/api/staff/schedule',
    summary: "A provider's or a location's day or week",
    tags,
    access: scheduleStaff,
    query: ScheduleQuery,
    response: list,
    handler: async ({ query }, ctx) => {
      const { tx } = ctx.scope;
      // Days are the location's (or the provider's first location's) local days.
      let zone: string | undefined;
      if (query.locationId) zone = (await findLocation(tx, query.locationId))?.time_zone;
      else if (query.providerId) {
        if (!(await findProvider(tx, query.providerId))) throw notFound('The provider');
        const s = await tx
          .selectFrom('provider_schedules as s')
          .innerJoin('locations as l', 'l.id', 's.location_id')
          .select('l.time_zone')
          .where('s.provider_id', '=', query.providerId)
          .executeTakeFirst();
        zone = s?.time_zone ?? 'UTC';
      }
      if (!zone) throw notFound(query.locationId ? 'The location' : 'The provider');
      return { items: await scheduleView(ctx.scope, { ...query, days: query.days ?? 1, zone }, new Date()) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/appointments',
    summary: 'Book for a patient',
    tags,
    access: scheduleStaff,
    body: StaffBookBody,
    status: 201,
    response: Appointment,
    handler: async ({ body }, ctx) => {
      const exists = await ctx.scope.tx
        .selectFrom('patients')
        .select('id')
        .where('id', '=', body.patientId)
        .executeTakeFirst();
      if (!exists) throw notFound('The patient');
      return bookSlot(
        ctx.scope,
        ctx.platform,
        {
          ...body,
          start: new Date(body.start),
          idempotencyKey: idempotencyKeyOf(ctx),
          byStaff: true,
          endsTransaction: true,
        },
        new Date(),
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/appointments/:id/move',
    summary: 'Move a visit to another time, provider or location',
    tags,
    access: scheduleStaff,
    params: z.strictObject({ id: Uuid }),
    body: RescheduleBody,
    response: Appointment,
    handler: async ({ params, body }, ctx) => {
      await appointmentForActor(ctx.scope, params.id, 'update');
      return moveAppointment(
        ctx.scope,
        ctx.platform,
        params.id,
        { ...body, start: new Date(body.start) },
        { byStaff: true },
        new Date(),
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/appointments/:id/cancel',
    summary: 'Cancel a visit or remove blocked time (inside the window it is recorded as late)',
    tags,
    access: scheduleStaff,
    params: z.strictObject({ id: Uuid }),
    body: CancelBody,
    response: Appointment,
    handler: async ({ params, body }, ctx) => {
      const row = await appointmentForActor(ctx.scope, params.id, 'update');
      return cancelAppointment(
        ctx.scope,
        ctx.platform,
        row,
        { reason: body.reason, byStaff: true },
        new Date(),
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/appointments/:id/arrived',
    summary: 'Mark a patient as arrived',
    tags,
    access: scheduleStaff,
    params: z.strictObject({ id: Uuid }),
    response: Appointment,
    handler: async ({ params }, ctx) => {
      const row = await appointmentForActor(ctx.scope, params.id, 'update');
      return checkIn(ctx.scope, row, new Date(), true);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/staff/blocks',
    summary: "Block a provider's time",
    tags,
    access: scheduleStaff,
    body: BlockBody,
    status: 201,
    response: Appointment,
    handler: async ({ body }, ctx) =>
      blockTime(ctx.scope, { ...body, start: new Date(body.start), end: new Date(body.end) }, new Date()),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/arrivals',
    summary: "A location's visits of one day, with who has arrived",
    tags,
    access: scheduleStaff,
    query: z.strictObject({ locationId: Uuid, date: IsoDate }),
    response: list,
    handler: async ({ query }, ctx) => {
      const location = await findLocation(ctx.scope.tx, query.locationId);
      if (!location) throw notFound('The location');
      const items = await scheduleView(
        ctx.scope,
        { locationId: query.locationId, from: query.date, days: 1, zone: location.time_zone },
        new Date(),
      );
      return {
        items: items.filter(
          (a) => a.kind === 'visit' && ['booked', 'checked_in', 'completed', 'no_show'].includes(a.status),
        ),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/staff/waitlist',
    summary: 'Patients waiting for an earlier time',
    tags,
    access: scheduleStaff,
    query: z.strictObject({ providerId: Uuid.optional() }),
    response: z.object({ items: z.array(WaitlistEntry) }),
    handler: async ({ query }, ctx) => ({
      items: await waitlistEntries(ctx.scope, { providerId: query.providerId }),
    }),
  }),
];
