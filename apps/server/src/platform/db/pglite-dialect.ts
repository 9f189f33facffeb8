import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { attachStatementRows, preparationsFor, THEN_COMMIT } from './statements.js';

/**
 * A small Kysely dialect over PGlite. PGlite is one connection, so the driver hands it
 * out to one user at a time: a transaction holds it from BEGIN to COMMIT and nothing
 * interleaves with it (which is what PostgreSQL's own connections guarantee).
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteConnection implements DatabaseConnection {
  /** Statements this connection has prepared (see executePrepared). */
  private readonly prepared = new Set<string>();
  constructor(private readonly pglite: PGlite) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (compiled.sql.startsWith(THEN_COMMIT)) {
      // One connection and no wire: the statement, then the COMMIT (a ROLLBACK if it failed).
      let answer: QueryResult<R>;
      try {
        answer = await this.executeQuery<R>({ ...compiled, sql: compiled.sql.slice(THEN_COMMIT.length) });
      } catch (error) {
        await this.pglite.exec('rollback');
        throw error;
      }
      await this.pglite.exec('commit');
      return answer;
    }
    // A query without parameters may hold several statements (migrations): the simple
    // protocol runs them all, like PostgreSQL's own driver does.
    if (compiled.parameters.length === 0) {
      const prepare = preparationsFor(compiled.sql, this.prepared);
      if (prepare !== null) {
        await this.pglite.exec(prepare.statements);
        for (const name of prepare.names) this.prepared.add(name);
      }
      const results = await this.pglite.exec(compiled.sql);
      // The rows of the last statement that returns rows, with every statement's rows attached.
      const withRows = results.filter((r) => r.fields.length > 0);
      const last = withRows[withRows.length - 1] ?? results[results.length - 1];
      return {
        rows: attachStatementRows(
          [...((last?.rows ?? []) as R[])],
          results.map((r) => r.rows),
        ),
        ...(last?.affectedRows !== undefined ? { numAffectedRows: BigInt(last.affectedRows) } : {}),
      };
    }
    const result = await this.pglite.query<R>(compiled.sql, compiled.parameters as unknown[]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream query results');
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;

  constructor(private readonly pglite: PGlite) {
    this.connection = new PGliteConnection(pglite);
  }
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((r) => (release = r));
    await previous;
    this.release = release;
    return this.connection;
  }
  async beginTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection() {
    const release = this.release;
    this.release = null;
    release?.();
  }
  async destroy() {
    await this.pglite.close();
  }
}
