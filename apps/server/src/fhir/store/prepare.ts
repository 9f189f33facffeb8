import type { FhirAccess } from '../access.js';
import { inReach } from '../access.js';
import { patientCompartmentParams } from '../definitions.js';
import { forbiddenError } from '../operation-outcome.js';
import { compartmentsOf, extractIndex } from '../search/extract.js';
import type { FhirResource, StoredResource } from '../types.js';
import { validateUnlessChecked } from '../validation/validate.js';
import type { VersionWrite } from './resource.repository.js';

/** JSON with keys in order, so two resources compare by content, not by key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The resource without what the server sets (id, versionId, lastUpdated). */
function contentOf(resource: FhirResource): unknown {
  const { meta, id: _id, ...rest } = resource;
  if (!meta) return rest;
  const { versionId: _v, lastUpdated: _l, ...otherMeta } = meta;
  return Object.keys(otherMeta).length ? { ...rest, meta: otherMeta } : rest;
}

export const sameContent = (a: FhirResource, b: FhirResource) =>
  canonical(contentOf(a)) === canonical(contentOf(b));

export interface Prepared {
  /** Null when the content equals the current version: nothing is written. */
  write: VersionWrite | null;
  stored: StoredResource;
  outcome: 'created' | 'updated' | 'unchanged';
}

/**
 * Turns a validated body into the next version of a resource: id and meta set, index rows
 * extracted, compartments computed. A patient-bound caller may only write inside their own
 * compartment, before and after the change.
 */
export function prepareVersion(
  access: FhirAccess,
  body: FhirResource,
  id: string,
  current: StoredResource | undefined,
  now: string,
  options: {
    /** Mapped by the server from its own rows: its unit tests validate the mapping's output. */
    trusted?: boolean;
    /** The body this one was derived from (see validateUnlessChecked). */
    derivedFrom?: FhirResource;
  } = {},
): Prepared {
  if (current && !current.deleted && current.resource && sameContent(current.resource, body)) {
    if (!inReach(access, current.compartments)) throw forbiddenError();
    return { write: null, stored: current, outcome: 'unchanged' };
  }
  // A resource the server maps from its own rows skips the validator: the mapping's unit tests
  // validate its output, and validating every booking would cost more than the rest of it.
  if (!options.trusted) validateUnlessChecked(body, options.derivedFrom);
  const version = (current?.version ?? 0) + 1;
  const resource: FhirResource = {
    ...body,
    id,
    meta: { ...body.meta, versionId: String(version), lastUpdated: now },
  };
  const index = extractIndex(resource);
  const compartments = compartmentsOf(resource, index, patientCompartmentParams(resource.resourceType));
  if (!inReach(access, compartments) || (current && !inReach(access, current.compartments))) {
    throw forbiddenError("This write would reach outside the patient's compartment");
  }
  const stored: StoredResource = {
    resourceType: resource.resourceType,
    id,
    version,
    lastUpdated: now,
    deleted: false,
    resource,
    compartments,
  };
  return {
    write: { ...stored, index },
    stored,
    outcome: current && !current.deleted ? 'updated' : 'created',
  };
}

/** The deletion marker version of a resource. */
export function prepareDeletion(current: StoredResource, now: string): VersionWrite {
  return {
    resourceType: current.resourceType,
    id: current.id,
    version: current.version + 1,
    lastUpdated: now,
    deleted: true,
    resource: null,
    compartments: current.compartments,
    index: [],
  };
}
