import { randomUUID } from 'node:crypto';
import { assertAllowed, inReach, type FhirContext } from '../access.js';
import { FhirError, badRequest, forbiddenError, issue, preconditionFailed } from '../operation-outcome.js';
import { ID_PATTERN } from '../resource-types.js';
import { matchConditional, queryParams } from '../store/conditional.js';
import { prepareVersion, type Prepared } from '../store/prepare.js';
import { findCurrent } from '../store/resource.repository.js';
import { assertType, commitPrepared, deleteResource } from '../store/resource.service.js';
import type { Bundle, BundleEntry, FhirResource } from '../types.js';
import { assertResource } from '../validation/validate.js';
import { collectReferences, parseConditional, rewriteReferences } from './references.js';

export const MAX_ENTRIES = 10_000;

/** A write entry once its target is known. */
interface PlannedWrite {
  index: number;
  method: 'POST' | 'PUT';
  resource: FhirResource;
  resourceType: string;
  /** Target id; null when an If-None-Exist match means nothing is written. */
  id: string;
  existing: boolean;
  /** If-None-Exist on the id alone: create unless that resource exists (checked in bulk). */
  createOnly: boolean;
}

const ID_CONDITION = /^_id=([A-Za-z0-9\-.]{1,64})$/;

function entryError(index: number, error: unknown): never {
  if (error instanceof FhirError) {
    throw new FhirError(
      error.status,
      error.issues.map((i) => ({
        ...i,
        diagnostics: `Bundle.entry[${index}]: ${i.diagnostics ?? ''}`.trim(),
      })),
    );
  }
  throw error;
}

function location(base: string, p: Prepared) {
  return `${base}/${p.stored.resourceType}/${p.stored.id}/_history/${p.stored.version}`;
}

const statusOf = (p: Prepared) => (p.outcome === 'created' ? '201 Created' : '200 OK');

/**
 * A transaction: all entries or none. References to entries (`urn:uuid:` fullUrls) and
 * conditional references (`Patient?identifier=…`) are resolved first; then every write is
 * validated and prepared, and written in one batch of statements.
 */
export async function processTransaction(ctx: FhirContext, bundle: Bundle, base: string): Promise<Bundle> {
  return (await runTransaction(ctx, bundle, base)).response;
}

/** The transaction and what each entry did (the importer counts outcomes from it). */
export async function runTransaction(
  ctx: FhirContext,
  bundle: Bundle,
  base: string,
): Promise<{ response: Bundle; prepared: Prepared[] }> {
  const entries = bundle.entry ?? [];
  const planned: PlannedWrite[] = [];
  const reused = new Map<number, Prepared>();
  const idOf = new Map<string, string>(); // fullUrl -> Type/id
  const deletes: { index: number; type: string; id: string }[] = [];
  const targets = new Set<string>();

  for (const [index, entry] of entries.entries()) {
    try {
      const method = entry.request?.method;
      const url = entry.request?.url ?? '';
      if (!method) throw badRequest('request.method is required', ['request.method']);
      if (method === 'DELETE') {
        const [type, id] = url.split('?')[0]!.split('/');
        if (!type || !id) throw notSupportedEntry('Conditional delete in a transaction');
        deletes.push({ index, type, id });
        continue;
      }
      if (method !== 'POST' && method !== 'PUT') throw notSupportedEntry(`${method} in a transaction`);
      const resource = assertResource(entry.resource);
      const resourceType = resource.resourceType;
      let id: string;
      let existing = false;
      let createOnly = false;
      const byId = ID_CONDITION.exec(entry.request?.ifNoneExist ?? '');
      if (method === 'POST' && byId) {
        if (url.split('?')[0] !== resourceType)
          throw badRequest(`request.url must be ${resourceType}`, ['request.url']);
        assertAllowed(ctx.access, resourceType, 'create');
        id = byId[1]!;
        existing = true;
        createOnly = true;
      } else if (method === 'POST') {
        if (url.split('?')[0] !== resourceType)
          throw badRequest(`request.url must be ${resourceType}`, ['request.url']);
        assertAllowed(ctx.access, resourceType, 'create');
        const ifNoneExist = entry.request?.ifNoneExist;
        const found = ifNoneExist ? await matchConditional(ctx, resourceType, queryParams(ifNoneExist)) : [];
        if (found.length > 1) throw preconditionFailed('If-None-Exist matches more than one resource');
        if (found.length === 1) {
          id = found[0]!.id;
          reused.set(index, { write: null, stored: found[0]!, outcome: 'unchanged' });
        } else id = randomUUID();
      } else if (url.includes('?')) {
        const { resourceType: t, params } = parseConditional(url);
        if (t !== resourceType)
          throw badRequest(`request.url must be about ${resourceType}`, ['request.url']);
        const found = await matchConditional(ctx, resourceType, params);
        if (found.length > 1) throw preconditionFailed('The criteria match more than one resource');
        id = found[0]?.id ?? resource.id ?? randomUUID();
        existing = true;
      } else {
        const [t, pathId] = url.split('/');
        if (
          t !== resourceType ||
          !pathId ||
          !ID_PATTERN.test(pathId) ||
          (resource.id && resource.id !== pathId)
        ) {
          throw badRequest(`request.url must be ${resourceType}/<the resource id>`, ['request.url']);
        }
        id = pathId;
        existing = true;
      }
      const key = `${resourceType}/${id}`;
      if (!reused.has(index)) {
        if (targets.has(key)) throw badRequest(`${key} is written twice in this transaction`);
        targets.add(key);
        planned.push({ index, method, resource, resourceType, id, existing, createOnly });
      }
      if (entry.fullUrl) idOf.set(entry.fullUrl, key);
    } catch (error) {
      entryError(index, error);
    }
  }

  // Conditional references resolve to exactly one resource, or the transaction fails.
  const conditionalRefs = new Map<string, string>();
  for (const p of planned) {
    for (const ref of collectReferences(p.resource)) {
      if (idOf.has(ref) || conditionalRefs.has(ref) || !/^[A-Z][A-Za-z]+\?/.test(ref)) continue;
      const { resourceType, params } = parseConditional(ref);
      assertType(resourceType);
      const found = await matchConditional(ctx, resourceType, params);
      if (found.length !== 1) {
        entryError(
          p.index,
          new FhirError(412, [issue('not-found', `${ref} matches ${found.length} resources, not one`)]),
        );
      }
      conditionalRefs.set(ref, `${resourceType}/${found[0]!.id}`);
    }
    if (collectReferences(p.resource).some((r) => r.startsWith('urn:uuid:') && !idOf.has(r))) {
      entryError(p.index, badRequest('A urn:uuid reference names no entry of this bundle'));
    }
  }

  for (const d of deletes) await deleteResource(ctx, d.type, d.id).catch((e) => entryError(d.index, e));

  const current = await findCurrent(
    ctx.scope.tx,
    planned.filter((p) => p.existing).map((p) => ({ resourceType: p.resourceType, id: p.id })),
    true,
  );
  const now = new Date().toISOString();
  const prepared = new Map<number, Prepared>(reused);
  for (const p of planned) {
    try {
      const before = current.get(`${p.resourceType}/${p.id}`);
      if (p.createOnly && before && !before.deleted) {
        if (!inReach(ctx.access, before.compartments)) throw forbiddenError();
        reused.set(p.index, { write: null, stored: before, outcome: 'unchanged' });
        prepared.set(p.index, reused.get(p.index)!);
        continue;
      }
      assertAllowed(ctx.access, p.resourceType, before && !before.deleted ? 'update' : 'create');
      const resource = rewriteReferences(p.resource, (ref) => idOf.get(ref) ?? conditionalRefs.get(ref));
      prepared.set(
        p.index,
        prepareVersion(ctx.access, { ...resource, id: p.id }, p.id, before, now, { derivedFrom: p.resource }),
      );
    } catch (error) {
      entryError(p.index, error);
    }
  }
  await commitPrepared(ctx, [...prepared.values()]);

  const response: Bundle = {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: entries.map((_, index): BundleEntry => {
      const p = prepared.get(index);
      if (!p) return { response: { status: '204 No Content' } };
      return {
        fullUrl: `${base}/${p.stored.resourceType}/${p.stored.id}`,
        response: {
          status: reused.has(index) ? '200 OK' : statusOf(p),
          location: location(base, p),
          etag: `W/"${p.stored.version}"`,
          lastModified: p.stored.lastUpdated,
        },
      };
    }),
  };
  return { response, prepared: [...prepared.values()] };
}

function notSupportedEntry(what: string) {
  return new FhirError(400, [issue('not-supported', `${what} is not supported`)]);
}

/** Bundle shape checks shared by batch and transaction. */
export function assertBundle(body: unknown): Bundle & { type: 'batch' | 'transaction' } {
  // Entries are validated one by one as they are processed; the envelope is checked here.
  const bundle = body as Bundle;
  if (!bundle || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') {
    throw badRequest('POST to the base takes a Bundle', ['resourceType']);
  }
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry))
    throw badRequest('Bundle.entry must be an array', ['Bundle.entry']);
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') {
    throw badRequest('POST to the base takes a batch or transaction Bundle', ['Bundle.type']);
  }
  if ((bundle.entry?.length ?? 0) > MAX_ENTRIES) {
    throw new FhirError(413, [issue('too-costly', `A bundle may hold at most ${MAX_ENTRIES} entries`)]);
  }
  return bundle as Bundle & { type: 'batch' | 'transaction' };
}
