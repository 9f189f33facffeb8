import type { FhirContext } from '../access.js';
import { runTransaction } from '../bundles/transaction.js';
import { badRequest } from '../operation-outcome.js';
import type { Bundle, BundleEntry, FhirResource } from '../types.js';

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'failed';
/** Counts by resource type and outcome. */
export type ImportTally = Record<string, Record<ImportOutcome, number>>;

export const emptyTally = (): ImportTally => ({});

export function count(tally: ImportTally, type: string, outcome: ImportOutcome, n = 1): void {
  tally[type] ??= { created: 0, updated: 0, unchanged: 0, failed: 0 };
  tally[type][outcome] += n;
}

export function mergeTally(into: ImportTally, from: ImportTally): void {
  for (const [type, counts] of Object.entries(from))
    for (const [o, n] of Object.entries(counts)) count(into, type, o as ImportOutcome, n);
}

/**
 * An EHR export keeps its ids. A create (POST) of a resource with an id becomes "create that id
 * unless it exists": re-importing writes nothing, and the copies of an Organization or
 * Practitioner that every patient bundle carries land on one resource (the first one loaded;
 * load facility and clinician bundles first). Updates (PUT) replace, and identical content
 * still writes no new version.
 */
function asUpsert(entry: BundleEntry): BundleEntry {
  const resource = entry.resource as FhirResource | undefined;
  if (entry.request?.method === 'POST' && resource?.id && !entry.request.ifNoneExist) {
    return { ...entry, request: { ...entry.request, ifNoneExist: `_id=${resource.id}` } };
  }
  return entry;
}

/** Imports one bundle (transaction, batch or collection) as one all-or-nothing transaction. */
export async function importBundle(ctx: FhirContext, bundle: Bundle, base: string): Promise<ImportTally> {
  if (bundle?.resourceType !== 'Bundle')
    throw badRequest('An import file is a Bundle or NDJSON of resources');
  const entries = (bundle.entry ?? []).map((e) =>
    e.request
      ? asUpsert(e)
      : asUpsert({ ...e, request: { method: 'POST', url: (e.resource as FhirResource).resourceType } }),
  );
  const { prepared } = await runTransaction(
    ctx,
    { resourceType: 'Bundle', type: 'transaction', entry: entries },
    base,
  );
  const tally = emptyTally();
  for (const p of prepared) count(tally, p.stored.resourceType, p.outcome);
  return tally;
}

/** NDJSON (one resource per line) as transactions of up to `chunk` resources. */
export function ndjsonBundles(text: string, chunk = 500): Bundle[] {
  const resources = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      try {
        return JSON.parse(line) as FhirResource;
      } catch {
        throw badRequest(`NDJSON line ${i + 1} is not valid JSON`);
      }
    });
  const bundles: Bundle[] = [];
  for (let i = 0; i < resources.length; i += chunk) {
    bundles.push({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: resources.slice(i, i + chunk).map((resource) => ({
        resource: resource as never,
        request: resource.id
          ? { method: 'PUT', url: `${resource.resourceType}/${resource.id}` }
          : { method: 'POST', url: resource.resourceType },
      })),
    });
  }
  return bundles;
}
