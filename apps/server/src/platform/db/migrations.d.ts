import type { Db } from './database.js';
export declare const migrationsDir: string;
export interface Migration {
    version: number;
    name: string;
    sql: string;
}
export declare function readMigrations(dir?: string): Migration[];
/** Applies pending migrations in order, each in its own transaction, one process at a time. */
export declare function migrate(db: Db, migrations?: Migration[]): Promise<number[]>;
/** Pending migration versions; empty when the schema is current (readiness). */
export declare function pendingMigrations(db: Db, migrations?: Migration[]): Promise<number[]>;
