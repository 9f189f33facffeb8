import { randomUUID } from 'node:crypto';
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { assertAllowed, inReach, type FhirContext } from '../access.js';
import { auditFhir } from '../audit-trail.js';
import {
  FhirError,
  badRequest,
  goneError,
  issue,
  notFoundError,
  preconditionFailed,
} from '../operation-outcome.js';
import { ID_PATTERN, isSupportedType } from '../resource-types.js';
import type { FhirResource, StoredResource } from '../types.js';
import { assertResource } from '../validation/validate.js';
import { prepareDeletion, prepareVersion, type Prepared } from './prepare.js';
import { findCurrent, findVersion, writeVersions } from './resource.repository.js';

export function assertType(resourceType: string): void {
  if (!isSupportedType(resourceType))
    throw notFoundError(`${resourceType} is not a resource type served here`);
}

export function assertId(id: string): void {
  if (!ID_PATTERN.test(id)) throw badRequest(`"${id}" is not a valid FHIR id`);
}

/**
 * Reads the current version. Outside the caller's reach it is "not found", never "forbidden".
 * `fetched` is the row(s) of `currentQuery` when the caller already sent it with other statements.
 */
export async function readResource(
  ctx: FhirContext,
  resourceType: string,
  id: string,
  fetched?: Map<string, StoredResource>,
): Promise<StoredResource> {
  assertType(resourceType);
  assertAllowed(ctx.access, resourceType, 'read');
  assertId(id);
  const current = fetched ?? (await findCurrent(ctx.scope.tx, [{ resourceType, id }], false));
  const found = current.get(`${resourceType}/${id}`);
  if (!found || !inReach(ctx.access, found.compartments))
    throw notFoundError(`${resourceType}/${id} was not found`);
  if (found.deleted) throw goneError(`${resourceType}/${id} was deleted`);
  await auditFhir(ctx, 'read', [found]);
  return found;
}

export async function vreadResource(
  ctx: FhirContext,
  resourceType: string,
  id: string,
  version: string,
): Promise<StoredResource> {
  assertType(resourceType);
  assertAllowed(ctx.access, resourceType, 'read');
  assertId(id);
  if (!/^[1-9][0-9]{0,8}$/.test(version)) throw notFoundError(`Version ${version} was not found`);
  const found = await findVersion(ctx.scope.tx, resourceType, id, Number(version));
  if (!found || !inReach(ctx.access, found.compartments)) {
    throw notFoundError(`${resourceType}/${id}/_history/${version} was not found`);
  }
  if (found.deleted) throw goneError(`${resourceType}/${id} version ${version} is a deletion`);
  await auditFhir(ctx, 'read', [found]);
  return found;
}

/** Writes prepared versions and audits them: the one path every write takes. */
export async function commitPrepared(ctx: FhirContext, prepared: Prepared[]): Promise<void> {
  const writes = prepared.flatMap((p) => (p.write ? [p.write] : []));
  await writeVersions(ctx.scope.tx, ctx.scope.tenant.id, writes);
  await auditFhir(
    ctx,
    'create',
    prepared.filter((p) => p.outcome === 'created').map((p) => p.stored),
  );
  await auditFhir(
    ctx,
    'update',
    prepared.filter((p) => p.outcome === 'updated').map((p) => p.stored),
  );
}

export async function createResource(
  ctx: FhirContext,
  body: unknown,
  resourceType?: string,
): Promise<Prepared> {
  if (resourceType) assertType(resourceType);
  const resource = assertResource(body, resourceType);
  assertAllowed(ctx.access, resource.resourceType, 'create');
  const prepared = prepareVersion(ctx.access, resource, randomUUID(), undefined, new Date().toISOString());
  await commitPrepared(ctx, [prepared]);
  return prepared;
}

function checkIfMatch(current: StoredResource | undefined, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  const m = /^(?:W\/)?"?([0-9]+)"?$/.exec(ifMatch.trim());
  if (!m) throw badRequest('If-Match must be an ETag such as W/"3"');
  if (!current || current.deleted || String(current.version) !== m[1]) {
    throw preconditionFailed(`The resource is at version ${current?.version ?? 'none'}, not ${m[1]}`);
  }
}

/** Update (or create with the client's id) a resource. Identical content writes no new version. */
export async function updateResource(
  ctx: FhirContext,
  resourceType: string,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<Prepared> {
  assertType(resourceType);
  assertId(id);
  const resource = assertResource(body, resourceType);
  if (resource.id !== id) {
    throw new FhirError(400, [issue('invalid', `The body's id must be ${id}`, [`${resourceType}.id`])]);
  }
  const current = (await findCurrent(ctx.scope.tx, [{ resourceType, id }], true)).get(
    `${resourceType}/${id}`,
  );
  assertAllowed(ctx.access, resourceType, current && !current.deleted ? 'update' : 'create');
  checkIfMatch(current, ifMatch);
  const prepared = prepareVersion(ctx.access, resource, id, current, new Date().toISOString());
  await commitPrepared(ctx, [prepared]);
  return prepared;
}

/** JSON Patch (RFC 6902) on the current version; the result is validated like any write. */
export async function patchResource(
  ctx: FhirContext,
  resourceType: string,
  id: string,
  operations: unknown,
  ifMatch?: string,
): Promise<Prepared> {
  assertType(resourceType);
  assertId(id);
  assertAllowed(ctx.access, resourceType, 'update');
  if (!Array.isArray(operations)) throw badRequest('A JSON Patch body is an array of operations');
  const current = (await findCurrent(ctx.scope.tx, [{ resourceType, id }], true)).get(
    `${resourceType}/${id}`,
  );
  if (!current || !inReach(ctx.access, current.compartments))
    throw notFoundError(`${resourceType}/${id} was not found`);
  if (current.deleted) throw goneError(`${resourceType}/${id} was deleted`);
  checkIfMatch(current, ifMatch);
  const patchError = fastJsonPatch.validate(operations as Operation[], current.resource);
  if (patchError) throw badRequest(`The patch cannot apply: ${patchError.name}`);
  let patched: FhirResource;
  try {
    patched = fastJsonPatch.applyPatch(
      structuredClone(current.resource),
      operations as Operation[],
      true,
      false,
    ).newDocument as FhirResource;
  } catch {
    throw badRequest('The patch cannot apply (a test failed or a path is missing)');
  }
  const resource = assertResource(patched, resourceType);
  if (resource.id !== id) throw badRequest('A patch cannot change the id', ['id']);
  const prepared = prepareVersion(ctx.access, resource, id, current, new Date().toISOString());
  await commitPrepared(ctx, [prepared]);
  return prepared;
}

/** Deletes (a deletion version in history). Deleting what is absent or deleted succeeds. */
export async function deleteResource(ctx: FhirContext, resourceType: string, id: string): Promise<void> {
  assertType(resourceType);
  assertId(id);
  assertAllowed(ctx.access, resourceType, 'delete');
  const current = (await findCurrent(ctx.scope.tx, [{ resourceType, id }], true)).get(
    `${resourceType}/${id}`,
  );
  if (!current || current.deleted) return;
  if (!inReach(ctx.access, current.compartments)) throw notFoundError(`${resourceType}/${id} was not found`);
  await writeVersions(ctx.scope.tx, ctx.scope.tenant.id, [
    prepareDeletion(current, new Date().toISOString()),
  ]);
  await auditFhir(ctx, 'delete', [current]);
}
