import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import { AppError } from '../errors.js';
import { sharedConnections, type Db, type Tx } from './database.js';
import type { Database } from './schema.js';
import type { SharedConnections } from './shared-connections.js';
import { executePrepared, statementRows } from './statements.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PipelinedTx {
  tx: Tx;
  /** The rows of each statement sent with the opening, in order. */
  opened: unknown[][];
  /** Statements to send in the same message as the COMMIT (the audit records of a read). */
  withCommit: string[];
}

export interface PipelineOptions {
  /**
   * The commit does not wait for its WAL flush (PostgreSQL's asynchronous commit: a crash may
   * lose the last fraction of a second of such transactions, never half of one).
   */
  asynchronousCommit?: boolean;
  /**
   * The opening message is the whole transaction: everything it writes travels with it. (Its
   * statements run as one transaction without BEGIN and COMMIT: PostgreSQL runs the statements
   * of one message so, committing after the last and keeping none if one fails.)
   * Statements the work adds to `withCommit` after all (what the opening could not know) are then
   * written in a second transaction, committed before `inTenantPipelined` returns; a failure of
   * the work, unless it keeps writes, drops them.
   */
  commitWithOpening?: boolean;
  /**
   * Prepared statements run on their generic plan, never planned again for their values. For
   * transactions whose statements are written so that the generic plan is the good one (no
   * value the plan's shape depends on travels as a parameter): PostgreSQL would otherwise keep
   * planning them for each call, which can cost more than running them.
   */
  genericPlans?: boolean;
}

const settingsTexts = new Map<string, string>();

/**
 * The settings statement for these options (one text per combination, built once). A shared
 * connection is the application role for its whole session (database.ts), so its transactions
 * do not switch to it: that saves the switch and the role reports PostgreSQL sends on it.
 */
function settingsText(options: PipelineOptions, sessionIsAppRole: boolean): string {
  const key = `${Boolean(options.asynchronousCommit)}/${Boolean(options.genericPlans)}/${sessionIsAppRole}`;
  let text = settingsTexts.get(key);
  if (text === undefined) {
    const settings = ["set_config('app.tenant_id', $1, true)"];
    if (!sessionIsAppRole) settings.push("set_config('role', 'accompany_app', true)");
    if (options.asynchronousCommit) settings.push("set_config('synchronous_commit', 'off', true)");
    if (options.genericPlans) settings.push("set_config('plan_cache_mode', 'force_generic_plan', true)");
    text = `select ${settings.join(', ')}`;
    settingsTexts.set(key, text);
  }
  return text;
}

/** What a connection refuses when its transaction has already gone whole to the database. */
class SentWholeDriver implements Driver {
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    throw new Error('This transaction went to the database as one message: nothing more runs in it');
  }
  async beginTransaction() {}
  async commitTransaction() {}
  async rollbackTransaction() {}
  async releaseConnection() {}
  async destroy() {}
}

/**
 * The `tx` of work whose transaction was sent on a shared connection: it has ended by then, so a
 * statement run on it would run in no transaction at all (and without the tenant's settings).
 */
const sentWhole: Tx = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new SentWholeDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/**
 * A tenant transaction like `inTenant` (same settings, same role, same rollback and keepWrites
 * rules) in fewer round trips: the opening message carries `opening` statements after BEGIN and
 * the settings (each written with its values, see statements.ts), and the closing message
 * carries the `withCommit` statements before COMMIT (or see `commitWithOpening`). A statement
 * that fails in either message stops the rest of it, and the transaction is rolled back:
 * nothing of it is kept.
 */
export async function inTenantPipelined<T>(
  db: Db,
  tenantId: string,
  opening: string[],
  work: (p: PipelinedTx) => Promise<T>,
  options: PipelineOptions = {},
): Promise<T> {
  if (!UUID.test(tenantId)) throw new Error('A tenant id is a uuid');
  const shared = options.commitWithOpening ? sharedConnections(db) : undefined;
  const settings = executePrepared({ sql: settingsText(options, Boolean(shared)), parameters: [tenantId] });
  if (shared) return wholeOnShared(shared, settings, opening, work);
  return db.connection().execute(async (conn) => {
    const rollback = () =>
      sql
        .raw('rollback')
        .execute(conn)
        .catch(() => undefined);
    let opened: unknown[][];
    const head = options.commitWithOpening ? [settings] : ['begin', settings];
    try {
      const result = await sql.raw([...head, ...opening].join(';\n')).execute(conn);
      opened = statementRows(result).slice(head.length);
    } catch (error) {
      await rollback();
      throw error;
    }
    const withCommit: string[] = [];
    let outcome: { value: T } | { error: AppError };
    try {
      outcome = { value: await work({ tx: conn, opened, withCommit }) };
    } catch (error) {
      if (!(error instanceof AppError && error.details.keepWrites)) {
        if (!options.commitWithOpening) await rollback();
        throw error;
      }
      outcome = { error };
    }
    const closing = options.commitWithOpening
      ? withCommit.length
        ? ['begin', settings, ...withCommit, 'commit']
        : []
      : [...withCommit, 'commit'];
    try {
      if (closing.length) await sql.raw(closing.join(';\n')).execute(conn);
    } catch (error) {
      await rollback();
      throw error;
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  });
}

/**
 * `commitWithOpening` on a shared connection (shared-connections.ts): the opening is the whole
 * transaction, and what the work adds to `withCommit` is a second one, each one message without
 * BEGIN or COMMIT (PostgreSQL runs the statements of one message as one transaction).
 */
async function wholeOnShared<T>(
  shared: SharedConnections,
  settings: string,
  opening: string[],
  work: (p: PipelinedTx) => Promise<T>,
): Promise<T> {
  const result = (await shared.send([settings, ...opening])) as { rows: unknown[] };
  const opened = statementRows(result).slice(1);
  const withCommit: string[] = [];
  let outcome: { value: T } | { error: AppError };
  try {
    outcome = { value: await work({ tx: sentWhole, opened, withCommit }) };
  } catch (error) {
    if (!(error instanceof AppError && error.details.keepWrites)) throw error;
    outcome = { error };
  }
  if (withCommit.length) await shared.send([settings, ...withCommit]);
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
