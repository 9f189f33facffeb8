import { sql } from 'kysely';
import { assertAllowed, inReach, type FhirContext } from '../access.js';
import { auditFhir } from '../audit-trail.js';
import { badRequest, notFoundError } from '../operation-outcome.js';
import { toStored } from '../store/resource.repository.js';
import { assertId } from '../store/resource.service.js';
import { scopeAllows } from '../smart/scopes.js';
import type { Bundle } from '../types.js';

const PAGE = 1000;

/**
 * Patient/$everything: the patient and every resource in their compartment, paged by
 * (type, id). A token sees only the types its scopes allow reading.
 */
export async function patientEverything(
  ctx: FhirContext,
  base: string,
  patientId: string,
  params: Record<string, string[]>,
): Promise<Bundle> {
  assertId(patientId);
  assertAllowed(ctx.access, 'Patient', 'read');
  if (!inReach(ctx.access, [patientId])) throw notFoundError(`Patient/${patientId} was not found`);
  for (const k of Object.keys(params))
    if (!['_count', '_cursor', '_format'].includes(k)) throw badRequest(`Unknown parameter ${k}`);
  const count = Math.min(Number(params._count?.[0] ?? PAGE) || PAGE, PAGE);
  const after = params._cursor?.[0]
    ? Buffer.from(params._cursor[0], 'base64url').toString('utf8').split('/')
    : null;
  if (after && after.length !== 2) throw badRequest('The _cursor is not one this server issued');
  const rows = await sql<Parameters<typeof toStored>[0]>`
    select resource_type, id, version, last_updated, deleted, content, compartments from fhir_resources
    where compartments @> array[${patientId}]::text[] and not deleted
      ${after ? sql`and (resource_type, id) > (${after[0]!}, ${after[1]!})` : sql``}
    order by resource_type, id limit ${count + 1}`.execute(ctx.scope.tx);
  const all = rows.rows.map(toStored);
  if (!after && !all.some((r) => r.resourceType === 'Patient' && r.id === patientId)) {
    throw notFoundError(`Patient/${patientId} was not found`);
  }
  const grant = ctx.access.grant;
  const page = all.slice(0, count).filter((r) => !grant || scopeAllows(grant.scopes, r.resourceType, 'read'));
  await auditFhir(ctx, 'read', page);
  const last = all.length > count ? all[count - 1]! : null;
  const self = `${base}/Patient/${patientId}/$everything`;
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    link: [
      { relation: 'self', url: self },
      ...(last
        ? [
            {
              relation: 'next',
              url: `${self}?_count=${count}&_cursor=${Buffer.from(`${last.resourceType}/${last.id}`).toString('base64url')}`,
            },
          ]
        : []),
    ],
    entry: page.map((r) => ({
      fullUrl: `${base}/${r.resourceType}/${r.id}`,
      resource: r.resource as never,
      search: { mode: 'match' },
    })),
  };
}
