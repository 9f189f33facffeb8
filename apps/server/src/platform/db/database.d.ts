import { Kysely } from 'kysely';
import type { Database } from './schema.js';
export type Db = Kysely<Database>;
/** A connection inside an open tenant transaction (see inTenant). */
export type Tx = Kysely<Database>;
export interface DatabaseHandle {
    db: Db;
    kind: 'pglite' | 'postgres';
    close(): Promise<void>;
}
export interface DatabaseOptions {
    databaseUrl?: string | undefined;
    dataDir?: string;
    poolSize?: number;
    /** Use an in-memory PGlite (tests). */
    memory?: boolean;
}
export declare function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle>;
/**
 * Runs `work` in a transaction as the application role with the tenant set, so that
 * row-level security hides every other tenant's rows even from a query that forgets
 * its tenant filter.
 *
 * One round trip opens the transaction and sets both settings for it (`set_config(…, true)`
 * lasts until the transaction ends, so a pooled connection carries nothing over). Several
 * statements in one message need the simple protocol, which takes no parameters: the
 * tenant id is checked to be a uuid before it is written into the statement.
 */
export declare function inTenant<T>(db: Db, tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T>;
