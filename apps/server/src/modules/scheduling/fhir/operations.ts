import type { FhirOperation } from '../../../fhir/operations/registry.js';
import type { Platform } from '../../../platform/platform.js';
import { bookAppointment, holdAppointment } from './book.js';
import { findAppointments } from './find.js';
import { operationInput } from './parameters.js';
import { searchSlots } from './slots.js';

/** The Argonaut Scheduling operations on the FHIR door, and the computed Slot search. */
export function schedulingFhirOperations(platform: Platform): FhirOperation[] {
  const find: FhirOperation['run'] = async (ctx, { body, query }) => ({
    status: 200,
    body: await findAppointments(ctx, operationInput(body, query), new Date()),
  });
  return [
    {
      method: 'GET',
      url: '/Slot',
      run: async (ctx, { query, base }) => ({
        status: 200,
        body: await searchSlots(ctx, query, base, new Date()),
      }),
    },
    { method: 'GET', url: '/Appointment/$find', run: find },
    { method: 'POST', url: '/Appointment/$find', run: find },
    {
      method: 'POST',
      url: '/Appointment/$hold',
      run: async (ctx, { body, query }) => holdAppointment(ctx, operationInput(body, query), new Date()),
    },
    {
      method: 'POST',
      url: '/Appointment/$book',
      run: async (ctx, { body, query, header }) =>
        bookAppointment(ctx, platform, operationInput(body, query), header('idempotency-key'), new Date()),
    },
  ];
}
