import { assertAllowed, type FhirContext } from '../access.js';
import { auditFhir } from '../audit-trail.js';
import { badRequest } from '../operation-outcome.js';
import type { Bundle } from '../types.js';
import { findHistory } from './resource.repository.js';
import { assertId, assertType } from './resource.service.js';

/** Instance or type history, newest first; a patient-bound caller sees only their compartment. */
export async function historyBundle(
  ctx: FhirContext,
  base: string,
  resourceType: string,
  id: string | null,
  params: Record<string, string[]>,
): Promise<Bundle> {
  assertType(resourceType);
  assertAllowed(ctx.access, resourceType, id ? 'read' : 'search');
  if (id) assertId(id);
  for (const k of Object.keys(params))
    if (!['_count', '_since', '_cursor', '_format'].includes(k)) throw badRequest(`Unknown parameter ${k}`);
  const count = Math.max(1, Math.min(Number(params._count?.[0] ?? 50) || 50, 1000));
  const since = params._since?.[0];
  if (since && Number.isNaN(Date.parse(since))) throw badRequest('_since must be an instant');
  let before: { lastUpdated: string; id: string; version: number } | undefined;
  if (params._cursor?.[0]) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(params._cursor[0], 'base64url').toString('utf8'));
    } catch {
      parsed = null;
    }
    const c = parsed as { lastUpdated?: unknown; id?: unknown; version?: unknown } | null;
    if (
      !c ||
      typeof c.lastUpdated !== 'string' ||
      Number.isNaN(Date.parse(c.lastUpdated)) ||
      typeof c.id !== 'string' ||
      !Number.isInteger(c.version)
    ) {
      throw badRequest('The _cursor is not one this server issued');
    }
    before = { lastUpdated: c.lastUpdated, id: c.id, version: c.version as number };
  }
  const rows = await findHistory(
    ctx.scope.tx,
    { resourceType, ...(id ? { id } : {}), ...(since ? { since } : {}), patientId: ctx.access.patientId },
    count + 1,
    before,
  );
  const page = rows.slice(0, count);
  await auditFhir(ctx, 'read', page);
  const last = page[page.length - 1];
  const self = `${base}/${resourceType}${id ? `/${id}` : ''}/_history`;
  const next =
    rows.length > count && last
      ? `${self}?_count=${count}&_cursor=${Buffer.from(JSON.stringify({ lastUpdated: last.lastUpdated, id: last.id, version: last.version })).toString('base64url')}`
      : null;
  return {
    resourceType: 'Bundle',
    type: 'history',
    link: [{ relation: 'self', url: self }, ...(next ? [{ relation: 'next', url: next }] : [])],
    entry: page.map((h) => ({
      fullUrl: `${base}/${h.resourceType}/${h.id}`,
      ...(h.resource ? { resource: h.resource as never } : {}),
      request: {
        method: h.deleted ? 'DELETE' : h.version === 1 ? 'POST' : 'PUT',
        url: `${h.resourceType}/${h.id}`,
      },
      response: {
        status: h.deleted ? '204' : h.version === 1 ? '201' : '200',
        etag: `W/"${h.version}"`,
        lastModified: h.lastUpdated,
      },
    })),
  };
}
