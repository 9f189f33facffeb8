import { ApiError } from '../../app/api/client';
import type { Bundle, Resource } from './model/fhir-types';

export const FHIR_BASE = '/fhir/R4';

/** How much of a long record one page may pull: enough for years of care, bounded for a phone. */
const MAX_PAGES = 10;

interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue?: { code?: string; diagnostics?: string; details?: { text?: string } }[];
}

async function failure(res: Response): Promise<ApiError> {
  let detail: string | undefined;
  try {
    const body = (await res.json()) as Partial<OperationOutcome>;
    const issue = body.issue?.[0];
    detail = issue?.details?.text ?? issue?.diagnostics;
  } catch {
    // Not JSON: the status says enough.
  }
  const code =
    res.status === 401 ? 'unauthenticated' : res.status === 403 ? 'forbidden' : `http_${res.status}`;
  return new ApiError({
    type: 'about:blank',
    title: res.statusText || 'Error',
    status: res.status,
    code,
    ...(detail ? { detail } : {}),
  });
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      credentials: 'same-origin',
      headers: { accept: 'application/fhir+json' },
      cache: 'no-store',
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'network_error' });
  }
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** Only follow paging links that stay on this server's FHIR base. */
function samePath(url: string): string | null {
  const parsed = new URL(url, window.location.origin);
  if (parsed.origin !== window.location.origin || !parsed.pathname.startsWith(FHIR_BASE)) return null;
  return parsed.pathname + parsed.search;
}

/** Runs a search and follows its `next` links, returning the matched resources (not includes). */
export async function searchAll(query: string, signal?: AbortSignal): Promise<Resource[]> {
  const found: Resource[] = [];
  let next: string | null = `${FHIR_BASE}/${query}`;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const bundle: Bundle = await getJson<Bundle>(next, signal);
    for (const entry of bundle.entry ?? [])
      if (entry.resource && entry.search?.mode !== 'include') found.push(entry.resource);
    const link = bundle.link?.find((l) => l.relation === 'next')?.url;
    next = link ? samePath(link) : null;
  }
  return found;
}

/** The whole record as one FHIR Bundle (Patient/$everything, every page joined). */
export async function everything(patientId: string, signal?: AbortSignal): Promise<Bundle> {
  const resources: Resource[] = [];
  let next: string | null = `${FHIR_BASE}/Patient/${encodeURIComponent(patientId)}/$everything`;
  while (next) {
    const bundle: Bundle = await getJson<Bundle>(next, signal);
    for (const entry of bundle.entry ?? []) if (entry.resource) resources.push(entry.resource);
    const link = bundle.link?.find((l) => l.relation === 'next')?.url;
    next = link ? samePath(link) : null;
  }
  return {
    resourceType: 'Bundle',
    type: 'collection',
    total: resources.length,
    entry: resources.map((resource) => ({ resource })),
  };
}
