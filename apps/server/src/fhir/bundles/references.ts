import { badRequest } from '../operation-outcome.js';
import type { FhirResource } from '../types.js';

/** Every Reference.reference string in a resource (contained resources included). */
export function collectReferences(resource: FhirResource): string[] {
  const found: string[] = [];
  const stack: unknown[] = [resource];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'reference' && typeof child === 'string') found.push(child);
        else if (typeof child === 'object') stack.push(child);
      }
    }
  }
  return found;
}

/** A copy of the resource with references replaced through `resolve` (unchanged when it returns undefined). */
export function rewriteReferences(
  resource: FhirResource,
  resolve: (ref: string) => string | undefined,
): FhirResource {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) {
      out[k] = k === 'reference' && typeof child === 'string' ? (resolve(child) ?? child) : walk(child);
    }
    return out;
  };
  return walk(resource) as FhirResource;
}

/** Splits `Type?query` into its type and query parameters. */
export function parseConditional(url: string): { resourceType: string; params: Record<string, string[]> } {
  const q = url.indexOf('?');
  if (q < 0) throw badRequest(`"${url}" is not a conditional reference`);
  const resourceType = url.slice(0, q).replace(/^\//, '');
  const params: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(url.slice(q + 1))) (params[k] ??= []).push(v);
  if (!Object.keys(params).length) throw badRequest(`"${url}" has no search criteria`);
  return { resourceType, params };
}
