import { badRequest } from '../../../fhir/operation-outcome.js';
import type { FhirResource } from '../../../fhir/types.js';

// Operation input: a Parameters resource (POST) or the query string (GET), read the same way.

export interface OperationInput {
  /** The first value of a named parameter, as text (a reference's reference, a code's code). */
  text(name: string): string | undefined;
  resource(name: string): FhirResource | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Parameter {
  name?: unknown;
  resource?: unknown;
  [key: string]: unknown;
}

function textOf(p: Parameter): string | undefined {
  for (const [key, value] of Object.entries(p)) {
    if (!key.startsWith('value')) continue;
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      const v = value as { reference?: unknown; code?: unknown; coding?: { code?: unknown }[] };
      if (typeof v.reference === 'string') return v.reference;
      if (typeof v.code === 'string') return v.code;
      if (typeof v.coding?.[0]?.code === 'string') return v.coding[0].code;
    }
    throw badRequest(`Parameter "${String(p.name)}" has a value of a type this operation does not read`);
  }
  return undefined;
}

export function operationInput(body: unknown, query: Record<string, string[]>): OperationInput {
  const fromQuery = Object.fromEntries(
    Object.entries(query)
      .filter(([k]) => k !== '_format')
      .map(([k, v]) => [k, v[0]]),
  );
  if (body === undefined || body === null || body === '') {
    return { text: (name) => fromQuery[name], resource: () => undefined };
  }
  const parameters = body as { resourceType?: unknown; parameter?: unknown };
  // A form post (application/x-www-form-urlencoded) arrives as lists of strings, like a query.
  if (
    typeof body === 'object' &&
    parameters.resourceType === undefined &&
    Object.values(body).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'))
  ) {
    return operationInput(undefined, { ...query, ...(body as Record<string, string[]>) });
  }
  if (parameters.resourceType !== 'Parameters' || !Array.isArray(parameters.parameter ?? [])) {
    throw badRequest('The body must be a Parameters resource');
  }
  const list = (parameters.parameter ?? []) as Parameter[];
  for (const p of list) {
    if (!p || typeof p !== 'object' || typeof p.name !== 'string')
      throw badRequest('Every parameter needs a name', ['Parameters.parameter']);
  }
  const find = (name: string) => list.find((p) => p.name === name);
  return {
    text: (name) => {
      const p = find(name);
      return p ? textOf(p) : fromQuery[name];
    },
    resource: (name) => {
      const r = find(name)?.resource;
      if (r === undefined) return undefined;
      if (!r || typeof r !== 'object' || typeof (r as FhirResource).resourceType !== 'string')
        throw badRequest(`Parameter "${name}" must hold a resource`);
      return r as FhirResource;
    },
  };
}

/** The uuid in "Type/uuid" or a bare uuid; anything else is a 400. */
export function idIn(value: string, type: string, what: string): string {
  const m = new RegExp(`^(?:.*/)?(?:${type}/)?([^/]+)$`).exec(value.trim());
  const id = m?.[1];
  if (!id || !UUID.test(id) || (value.includes('/') && !value.includes(`${type}/`))) {
    throw badRequest(`${what} must be a ${type} reference such as ${type}/<id>`);
  }
  return id;
}

export function instantIn(value: string | undefined, what: string): Date {
  if (!value) throw badRequest(`${what} is required`);
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(t.getTime()))
    throw badRequest(`${what} must be a date or dateTime`);
  return t;
}
