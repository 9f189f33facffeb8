import type { PGlite } from '@electric-sql/pglite';
import { PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type Dialect, type Driver, type Kysely } from 'kysely';
/**
 * A small Kysely dialect over PGlite. PGlite is one connection, so the driver hands it
 * out to one user at a time: a transaction holds it from BEGIN to COMMIT and nothing
 * interleaves with it (which is what PostgreSQL's own connections guarantee).
 */
export declare class PGliteDialect implements Dialect {
    private readonly pglite;
    constructor(pglite: PGlite);
    createAdapter(): PostgresAdapter;
    createDriver(): Driver;
    createIntrospector(db: Kysely<unknown>): PostgresIntrospector;
    createQueryCompiler(): PostgresQueryCompiler;
}
