import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { PGliteDialect } from './pglite-dialect.js';
import { AppError } from '../errors.js';
import { attachStatementRows, preparationsFor, THEN_COMMIT } from './statements.js';
import { SharedConnections } from './shared-connections.js';

export type Db = Kysely<Database>;
/** A connection inside an open tenant transaction (see inTenant). */
export type Tx = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// Dates stay 'YYYY-MM-DD' strings (a birth date has no time zone); counters become numbers.
const DATE_OID = 1082;
const INT8_OID = 20;

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  poolSize?: number;
  /** Connections shared by one-message transactions (see shared-connections.ts); 0 for none. */
  sharedConnections?: number;
  /** Use an in-memory PGlite (tests). */
  memory?: boolean;
}

interface StatementResult {
  command: string;
  rowCount: number | null;
  rows: unknown[];
  fields?: unknown[];
}

/**
 * A multi-statement message (simple protocol) answers with one result per statement; the
 * query builder reads one. It gets the last statement that returns rows (or the last one),
 * with every statement's rows attached for the callers that send several (see statements.ts).
 */
function oneResult(result: StatementResult | StatementResult[]): StatementResult {
  if (!Array.isArray(result)) return result;
  const withRows = result.filter((r) => (r.fields?.length ?? 0) > 0);
  const last = withRows[withRows.length - 1] ?? result[result.length - 1]!;
  return {
    ...last,
    rows: attachStatementRows(
      [...last.rows],
      result.map((r) => r.rows),
    ),
  };
}

/**
 * A statement whose text starts with this comment is prepared once per connection and then only
 * executed: PostgreSQL stops planning it again on every call (RLS and many subqueries make that
 * planning cost more than the execution of a hot statement). For fixed-shape statements on hot
 * paths; PGlite ignores it. A plan follows schema changes and the role, as PostgreSQL re-plans.
 */
export const PREPARED = '/* prepared */ ';

/**
 * A message starting with this comment opens a transaction (see inTenant). The connection holds
 * it back and sends it right before the transaction's first statement, without waiting for its
 * answer (the pg driver's pipeline mode): opening a transaction costs no round trip of its own.
 * A transaction that ends before any statement (a COMMIT or ROLLBACK while the opening is held
 * back) sends nothing at all.
 */
export const OPENING = '/* opening */ ';

/**
 * How shared connections fill (shared-connections.ts). Messages queue on the first connection, up
 * to 16 in flight: the deeper the queue, the more writes and wake-ups are saved, and a read or a
 * search by id is well under a millisecond of the backend's time. A message that has waited 10 ms
 * means a slow one ahead of it; the next then goes on another connection.
 */
const SHARED_FILL = { depth: 16, stalledAfterMs: 10 };

/** What the driver answers for a message that did not need to be sent. */
const NOTHING_SENT: StatementResult = { command: '', rowCount: 0, rows: [], fields: [] };

class StatementsClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(config?: any) {
    super({ ...config, pipeline: true });
  }

  /** Set on a shared connection (shared-connections.ts): a message must leave no transaction open. */
  onTransactionLeftOpen?: () => void;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  _handleReadyForQuery(msg: any): void {
    const status = msg?.status;
    if (this.onTransactionLeftOpen && status && status !== 'I') {
      // The message is not answered: ending the connection fails it and everything behind it.
      this.onTransactionLeftOpen();
      return;
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (pg.Client.prototype as any)._handleReadyForQuery.call(this, msg);
  }

  /** The opening of this connection's transaction, while no statement has followed it. */
  private opening: string | null = null;
  /** Statements this connection has prepared (see executePrepared). */
  private readonly prepared = new Set<string>();
  /** Names of the `PREPARED` statements this connection has seen. */
  private readonly names = new Map<string, string>();

  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (!name) {
      name = `s${createHash('sha1').update(text).digest('base64url')}`;
      if (this.names.size < 1000) this.names.set(text, name); // only hashing is saved past that
    }
    return name;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [text, values, callback] = args;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const send = (...a: any[]) => (super.query as any)(...a);
    if (typeof text === 'string' && !callback) {
      if (text.startsWith(OPENING)) {
        this.opening = text;
        return Promise.resolve(NOTHING_SENT);
      }
      const opening = this.opening;
      if (opening !== null) {
        this.opening = null;
        if (text === 'commit' || text === 'rollback') return Promise.resolve(NOTHING_SENT);
        // Both go out now, in order; the statement's answer counts only if the opening succeeded.
        const opened = send(opening) as Promise<unknown>;
        const answered = this.query(...args) as Promise<unknown>;
        return Promise.all([opened, answered]).then(([, answer]) => answer);
      }
    }
    if (typeof text === 'string' && text.startsWith(THEN_COMMIT) && Array.isArray(values) && !callback) {
      // The COMMIT goes out right behind the statement. A failed statement leaves the transaction
      // failed, whose COMMIT PostgreSQL answers as a ROLLBACK: the statement's error is thrown.
      const statement = text.slice(THEN_COMMIT.length);
      const answered = send({ name: this.nameOf(statement), text: statement, values }) as Promise<unknown>;
      const committed = send('commit') as Promise<unknown>;
      return Promise.all([answered, committed]).then(([answer]) => answer);
    }
    if (typeof text === 'string' && text.startsWith(PREPARED) && Array.isArray(values) && !callback) {
      return send({ name: this.nameOf(text), text, values });
    }
    const plain = typeof text === 'string' && (!values || values.length === 0) && !callback;
    const prepare = plain ? preparationsFor(text, this.prepared) : null;
    if (prepare === null) {
      const out = send(...args);
      return out && typeof out.then === 'function' ? out.then(oneResult) : out;
    }
    // The PREPARE goes out just ahead of its first use. Its names count as prepared from now on,
    // since every later message on this connection runs after it (a shared connection may send
    // one before this one is answered); a PREPARE that fails prepares nothing.
    for (const name of prepare.names) this.prepared.add(name);
    const prepared = (send(prepare.statements) as Promise<unknown>).catch((error: unknown) => {
      for (const name of prepare.names) this.prepared.delete(name);
      throw error;
    });
    const answered = (send(...args) as Promise<StatementResult | StatementResult[]>).then(oneResult);
    return Promise.all([prepared, answered]).then(([, answer]) => answer);
  }
}

/** The shared connections of each PostgreSQL database opened here. */
const sharedOf = new WeakMap<Db, SharedConnections>();

/** The connections `db` shares among one-message transactions, if it has any (PostgreSQL only). */
export function sharedConnections(db: Db): SharedConnections | undefined {
  return sharedOf.get(db);
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    pg.types.setTypeParser(DATE_OID, (v) => v);
    pg.types.setTypeParser(INT8_OID, (v) => Number(v));
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      Client: StatementsClient,
    });
    // The server closing an idle connection (restart, failover, shutdown) is not a failure of any
    // request: the pool drops that client and opens another on the next checkout. Unheard, the
    // error event would end the process.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const shared = options.sharedConnections ?? 2;
    if (shared > 0) {
      const url = options.databaseUrl;
      const connections = new SharedConnections(() => new StatementsClient({ connectionString: url }), {
        max: shared,
        ...SHARED_FILL,
        // Only tenant transactions travel there: the connection is the application role for good,
        // so even a message without the tenant's settings sees no tenant's rows.
        setup: 'set role accompany_app',
      });
      sharedOf.set(db, connections);
    }
    return {
      db,
      kind: 'postgres',
      close: async () => {
        await sharedOf.get(db)?.close();
        await db.destroy();
      },
    };
  }
  let dir: string | undefined;
  if (!options.memory) {
    if (!options.dataDir) throw new Error('dataDir is required for an embedded database');
    dir = join(options.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const pglite = await PGlite.create(dir, {
    parsers: { [DATE_OID]: (v: string) => v, [INT8_OID]: (v: string) => Number(v) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in a transaction as the application role with the tenant set, so that
 * row-level security hides every other tenant's rows even from a query that forgets
 * its tenant filter.
 *
 * One message opens the transaction and sets both settings for it (`set_config(…, true)`
 * lasts until the transaction ends, so a pooled connection carries nothing over); on PostgreSQL
 * it travels with the work's first statement (see OPENING). Several statements in one message
 * need the simple protocol, which takes no parameters: the tenant id is checked to be a uuid
 * before it is written into the statement.
 */
export async function inTenant<T>(db: Db, tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (!UUID.test(tenantId)) throw new Error('A tenant id is a uuid');
  return db.connection().execute(async (conn) => {
    await sql
      .raw(
        `${OPENING}begin; select set_config('app.tenant_id', '${tenantId}', true), set_config('role', 'accompany_app', true)`,
      )
      .execute(conn);
    const ending: Ending = { ended: false };
    endable.set(conn, ending);
    let outcome: { value: T } | { error: AppError };
    try {
      outcome = { value: await work(conn) };
    } catch (error) {
      if (!(error instanceof AppError && error.details.keepWrites)) {
        await sql
          .raw('rollback')
          .execute(conn)
          .catch(() => undefined);
        throw error;
      }
      outcome = { error };
    }
    if (!ending.ended) await sql.raw('commit').execute(conn);
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  });
}

interface Ending {
  ended: boolean;
}

/** The transactions of `inTenant` still open, which their work may end itself (see runThenCommit). */
const endable = new WeakMap<Tx, Ending>();

/** Whether `tx` is an open `inTenant` transaction that `runThenCommit` can end. */
export function canRunThenCommit(tx: Tx): boolean {
  const ending = endable.get(tx);
  return ending !== undefined && !ending.ended;
}

/**
 * Runs one prepared statement (its text starts with PREPARED; its values travel as parameters)
 * and commits the `inTenant` transaction in the same flight: the COMMIT goes out right behind the
 * statement, without waiting for its answer. Only for the last thing a transaction's work does.
 * Either way the transaction ends here: when the statement fails its error is thrown and nothing
 * of the transaction is kept (PostgreSQL answers a failed transaction's COMMIT as a ROLLBACK).
 */
export async function runThenCommit<R>(tx: Tx, query: CompiledQuery<R>): Promise<R[]> {
  const ending = endable.get(tx);
  if (!ending || ending.ended) throw new Error('Only an open inTenant transaction can be committed early');
  ending.ended = true;
  const result = await tx.executeQuery<R>(CompiledQuery.raw(THEN_COMMIT + query.sql, [...query.parameters]));
  return result.rows;
}
