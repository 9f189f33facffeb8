import type { Tx } from '../../platform/db/database.js';
import type { IndexRow } from '../search/extract.js';
import type { FhirResource, StoredResource } from '../types.js';
/** A new version to write: the resource row, its history row and its index rows. */
export interface VersionWrite {
  resourceType: string;
  id: string;
  version: number;
  lastUpdated: string;
  deleted: boolean;
  resource: FhirResource | null;
  compartments: string[];
  index: IndexRow[];
}
interface ResourceRow {
  resource_type: string;
  id: string;
  version: number;
  last_updated: Date | string;
  deleted: boolean;
  content: FhirResource | null;
  compartments: string[];
}
export declare function toStored(r: ResourceRow): StoredResource;
/** Current rows of resources by type and id, locked for update when asked (writes). */
export declare function findCurrent(
  tx: Tx,
  keys: {
    resourceType: string;
    id: string;
  }[],
  lock: boolean,
): Promise<Map<string, StoredResource>>;
export declare function findVersion(
  tx: Tx,
  resourceType: string,
  id: string,
  version: number,
): Promise<StoredResource | null>;
/** History, newest first, keyset-paged on (last_updated, id, version). */
export declare function findHistory(
  tx: Tx,
  filter: {
    resourceType?: string;
    id?: string;
    since?: string;
    patientId?: string | null;
  },
  limit: number,
  before?: {
    lastUpdated: string;
    id: string;
    version: number;
  },
): Promise<StoredResource[]>;
/**
 * Writes versions in four statements whatever their number: the current rows (upsert), the
 * history rows, the old index rows out and the new ones in. Arrays travel as parameters
 * (unnest), so a bundle of 100 resources is four round trips, not hundreds.
 */
export declare function writeVersions(tx: Tx, tenantId: string, writes: VersionWrite[]): Promise<void>;
export {};
