import { type FhirContext } from '../access.js';
import type { StoredResource } from '../types.js';
import { type Prepared } from './prepare.js';
export declare function assertType(resourceType: string): void;
export declare function assertId(id: string): void;
/** Reads the current version. Outside the caller's reach it is "not found", never "forbidden". */
export declare function readResource(
  ctx: FhirContext,
  resourceType: string,
  id: string,
): Promise<StoredResource>;
export declare function vreadResource(
  ctx: FhirContext,
  resourceType: string,
  id: string,
  version: string,
): Promise<StoredResource>;
/** Writes prepared versions and audits them: the one path every write takes. */
export declare function commitPrepared(ctx: FhirContext, prepared: Prepared[]): Promise<void>;
export declare function createResource(
  ctx: FhirContext,
  body: unknown,
  resourceType?: string,
): Promise<Prepared>;
/** Update (or create with the client's id) a resource. Identical content writes no new version. */
export declare function updateResource(
  ctx: FhirContext,
  resourceType: string,
  id: string,
  body: unknown,
  ifMatch?: string,
): Promise<Prepared>;
/** JSON Patch (RFC 6902) on the current version; the result is validated like any write. */
export declare function patchResource(
  ctx: FhirContext,
  resourceType: string,
  id: string,
  operations: unknown,
  ifMatch?: string,
): Promise<Prepared>;
/** Deletes (a deletion version in history). Deleting what is absent or deleted succeeds. */
export declare function deleteResource(ctx: FhirContext, resourceType: string, id: string): Promise<void>;
