import { assertAllowed, type FhirContext } from '../../../fhir/access.js';
import { badRequest } from '../../../fhir/operation-outcome.js';
import type { Bundle } from '../../../fhir/types.js';
import { visitTypeConcept } from './codes.js';
import { countIn, isStaffCaller, openTimes } from './find.js';
import { idIn } from './parameters.js';

// Slot search: free slots are computed from the schedules, never stored, so `GET /Slot` answers
// from the slot maths. Each Slot's id is stable (schedule, start, visit type) but names a
// computed time: it is found by search, not read by id.

const DAY = 86_400_000;

/** The time range the `start` parameters ask for (ge/gt/le/lt prefixes; a bare date is that day). */
function rangeOf(values: readonly string[], now: Date): { start: Date; end: Date } {
  let start = now;
  let end: Date | null = null;
  for (const raw of values) {
    const m = /^(ge|gt|le|lt|eq)?(\d{4}-\d{2}-\d{2}(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2}))?)$/.exec(raw);
    if (!m) throw badRequest(`start "${raw}" must be a date or dateTime with an optional ge/gt/le/lt prefix`);
    const at = new Date(m[2]!.length === 10 ? `${m[2]}T00:00:00Z` : m[2]!);
    if (!Number.isFinite(at.getTime())) throw badRequest(`start "${raw}" is not a valid time`);
    const prefix = m[1] ?? 'eq';
    if (prefix === 'ge' || prefix === 'gt') start = new Date(Math.max(at.getTime(), now.getTime()));
    else if (prefix === 'lt' || prefix === 'le') end = at;
    else {
      start = at;
      end = new Date(at.getTime() + (m[2]!.length === 10 ? DAY : 1));
    }
  }
  return { start, end: end ?? new Date(start.getTime() + 7 * DAY) };
}

export async function searchSlots(
  ctx: FhirContext,
  query: Record<string, string[]>,
  base: string,
  now: Date,
): Promise<Bundle> {
  assertAllowed(ctx.access, 'Slot', 'search');
  const known = new Set(['schedule', 'start', 'status', 'service-type', '_count', '_format']);
  for (const name of Object.keys(query)) {
    if (!known.has(name))
      throw badRequest(`Slot search takes schedule, start, status, service-type and _count, not "${name}"`);
  }
  const schedule = query.schedule?.[0];
  if (!schedule) throw badRequest('Slot search needs a schedule (schedule=Schedule/<id>)');
  const status = query.status?.[0];
  const { start, end } = rangeOf(query.start ?? [], now);
  // Only free slots exist here: busy time is the Appointments.
  const open =
    status === undefined || status === 'free'
      ? await openTimes(
          ctx,
          {
            start,
            end,
            scheduleId: idIn(schedule, 'Schedule', 'schedule'),
            serviceType: query['service-type']?.[0],
            count: countIn(query._count?.[0], 100),
            byStaff: isStaffCaller(ctx),
          },
          now,
        )
      : [];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: open.length,
    entry: open.map((t) => {
      const id = `${t.scheduleId}.${(t.start.getTime() / 60_000).toString(36)}.${t.visitTypeCode.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 12)}`;
      return {
        fullUrl: `${base}/Slot/${id}`,
        resource: {
          resourceType: 'Slot',
          id,
          serviceType: [visitTypeConcept({ code: t.visitTypeCode, name_en: t.visitTypeName })],
          schedule: { reference: `Schedule/${t.scheduleId}` },
          status: 'free',
          start: t.start.toISOString(),
          end: t.end.toISOString(),
        },
        search: { mode: 'match' },
      };
    }),
  };
}
