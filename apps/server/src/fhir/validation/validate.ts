import { OperationOutcomeError, validateResource } from '@medplum/core';
import { loadDefinitions } from '../definitions.js';
import { FhirError, issue } from '../operation-outcome.js';
import type { OperationOutcomeIssue, FhirResource } from '../types.js';
import { ID_PATTERN, isSupportedType } from '../resource-types.js';

/** Nesting beyond this is refused before anything walks the body (no resource needs it). */
export const MAX_DEPTH = 48;

function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (d > max) max = d;
    if (d > MAX_DEPTH) return d;
    if (v !== null && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** Checks that a body is a resource of a type we serve, then validates it against R4. */
export function assertResource(body: unknown, expectedType?: string): FhirResource {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new FhirError(400, [issue('structure', 'The body must be a FHIR resource (a JSON object)')]);
  }
  if (depthOf(body) > MAX_DEPTH) {
    throw new FhirError(400, [issue('too-costly', `The resource nests deeper than ${MAX_DEPTH} levels`)]);
  }
  const resource = body as FhirResource;
  if (typeof resource.resourceType !== 'string') {
    throw new FhirError(400, [issue('required', 'resourceType is missing', ['resourceType'])]);
  }
  if (expectedType && resource.resourceType !== expectedType) {
    throw new FhirError(400, [
      issue('invalid', `The resource is a ${resource.resourceType}, not a ${expectedType}`, ['resourceType']),
    ]);
  }
  if (!isSupportedType(resource.resourceType)) {
    throw new FhirError(400, [issue('not-supported', `${resource.resourceType} is not served here`)]);
  }
  if (resource.id !== undefined && (typeof resource.id !== 'string' || !ID_PATTERN.test(resource.id))) {
    throw new FhirError(400, [
      issue('value', 'The id is not a valid FHIR id', [`${resource.resourceType}.id`]),
    ]);
  }
  validate(resource);
  checked.add(resource);
  return resource;
}

/**
 * Bodies that passed assertResource, by identity. Validation is most of the CPU a write costs
 * (FHIRPath invariants on every element), so a body is validated once on its way in, not again
 * when it becomes the stored version.
 */
const checked = new WeakSet<object>();

/**
 * Validates the version about to be stored, unless it is a body that passed assertResource, or
 * one the server derived from such a body by setting its id and turning references into
 * `Type/id` (a transaction's urn:uuid and conditional references): neither change can make a
 * valid resource invalid.
 */
export function validateUnlessChecked(resource: FhirResource, derivedFrom?: FhirResource): void {
  if (checked.has(resource) || (derivedFrom !== undefined && checked.has(derivedFrom))) return;
  validate(resource);
}

/**
 * Validates against the base R4 StructureDefinitions: cardinalities, types, formats, unknown
 * elements and invariants. Failure is 422 with the issues Medplum reports; each names its
 * element in `expression`.
 */
export function validate(resource: FhirResource): void {
  loadDefinitions();
  let issues: OperationOutcomeIssue[];
  try {
    issues = (validateResource(resource as never) ?? []) as OperationOutcomeIssue[];
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      throw new FhirError(422, (error.outcome.issue ?? []) as OperationOutcomeIssue[]);
    }
    throw new FhirError(422, [issue('invalid', 'The resource could not be validated')]);
  }
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length) throw new FhirError(422, errors);
}
