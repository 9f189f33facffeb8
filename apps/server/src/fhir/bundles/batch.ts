import { sql } from 'kysely';
import type { FhirContext } from '../access.js';
import { badRequest, toOutcome } from '../operation-outcome.js';
import { conditionalCreate, conditionalUpdate } from '../store/conditional.js';
import type { Prepared } from '../store/prepare.js';
import { createResource, deleteResource, readResource, updateResource } from '../store/resource.service.js';
import { search, searchBundle } from '../search/search.service.js';
import type { Bundle, BundleEntry } from '../types.js';
import { queryParams } from '../store/conditional.js';

const written = (base: string, p: Prepared): BundleEntry => ({
  fullUrl: `${base}/${p.stored.resourceType}/${p.stored.id}`,
  response: {
    status: p.outcome === 'created' ? '201 Created' : '200 OK',
    location: `${base}/${p.stored.resourceType}/${p.stored.id}/_history/${p.stored.version}`,
    etag: `W/"${p.stored.version}"`,
    lastModified: p.stored.lastUpdated,
  },
});

async function runEntry(ctx: FhirContext, entry: BundleEntry, base: string): Promise<BundleEntry> {
  const method = entry.request?.method;
  const url = (entry.request?.url ?? '').replace(/^\//, '');
  const [path = '', query] = url.split('?') as [string, string | undefined];
  const [type = '', id] = path.split('/');
  switch (method) {
    case 'GET': {
      if (id) {
        const s = await readResource(ctx, type, id);
        return { resource: s.resource as never, response: { status: '200 OK', etag: `W/"${s.version}"` } };
      }
      const params = queryParams(query ?? '');
      const result = await search(ctx, type, params);
      return { resource: searchBundle(result, base, params) as never, response: { status: '200 OK' } };
    }
    case 'POST':
      return written(
        base,
        entry.request?.ifNoneExist
          ? await conditionalCreate(ctx, type, entry.resource, entry.request.ifNoneExist)
          : await createResource(ctx, entry.resource, type),
      );
    case 'PUT':
      return written(
        base,
        query !== undefined
          ? await conditionalUpdate(ctx, type, query, entry.resource)
          : await updateResource(ctx, type, id ?? '', entry.resource, entry.request?.ifMatch),
      );
    case 'DELETE':
      if (!id) throw badRequest('Conditional delete is not supported');
      await deleteResource(ctx, type, id);
      return { response: { status: '204 No Content' } };
    default:
      throw badRequest(`request.method ${method ?? '(missing)'} is not supported in a batch`);
  }
}

/**
 * A batch: each entry succeeds or fails on its own. A savepoint per entry keeps a failed
 * entry's partial writes out while the others commit.
 */
export async function processBatch(ctx: FhirContext, bundle: Bundle, base: string): Promise<Bundle> {
  const out: BundleEntry[] = [];
  for (const entry of bundle.entry ?? []) {
    await sql`savepoint batch_entry`.execute(ctx.scope.tx);
    try {
      out.push(await runEntry(ctx, entry, base));
      await sql`release savepoint batch_entry`.execute(ctx.scope.tx);
    } catch (error) {
      await sql`rollback to savepoint batch_entry`.execute(ctx.scope.tx);
      const { status, outcome } = toOutcome(error);
      out.push({ response: { status: String(status), outcome: outcome as never } });
    }
  }
  return { resourceType: 'Bundle', type: 'batch-response', entry: out };
}
