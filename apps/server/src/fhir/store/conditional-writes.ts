import { randomUUID } from 'node:crypto';
import { assertAllowed, type FhirContext } from '../access.js';
import { preconditionFailed, badRequest } from '../operation-outcome.js';
import { assertResource } from '../validation/validate.js';
import { matchConditional, queryParams } from './conditional.js';
import { prepareVersion, type Prepared } from './prepare.js';
import { commitPrepared, createResource, updateResource } from './resource.service.js';

/** Create unless the If-None-Exist criteria match: one match is returned as is, several are 412. */
export async function conditionalCreate(
  ctx: FhirContext,
  resourceType: string,
  body: unknown,
  ifNoneExist: string,
): Promise<Prepared> {
  const resource = assertResource(body, resourceType);
  assertAllowed(ctx.access, resourceType, 'create');
  const found = await matchConditional(ctx, resourceType, queryParams(ifNoneExist));
  if (found.length > 1) throw preconditionFailed('If-None-Exist matches more than one resource');
  if (found.length === 1) return { write: null, stored: found[0]!, outcome: 'unchanged' };
  return createResource(ctx, resource, resourceType);
}

/** Update the one resource the criteria match, create when none, 412 when several. */
export async function conditionalUpdate(
  ctx: FhirContext,
  resourceType: string,
  query: string,
  body: unknown,
): Promise<Prepared> {
  const resource = assertResource(body, resourceType);
  const found = await matchConditional(ctx, resourceType, queryParams(query));
  if (found.length > 1) throw preconditionFailed('The criteria match more than one resource');
  if (found.length === 1) {
    const id = found[0]!.id;
    if (resource.id && resource.id !== id) throw badRequest('The body id differs from the matched resource');
    return updateResource(ctx, resourceType, id, { ...resource, id });
  }
  if (resource.id) return updateResource(ctx, resourceType, resource.id, resource);
  assertAllowed(ctx.access, resourceType, 'create');
  const prepared = prepareVersion(ctx.access, resource, randomUUID(), undefined, new Date().toISOString());
  await commitPrepared(ctx, [prepared]);
  return prepared;
}
