import { createHash } from 'node:crypto';
import type { CompiledQuery } from 'kysely';

/**
 * Several statements in one message. The extended protocol (parameters) takes one statement per
 * message and so one round trip each; the simple protocol takes any number separated by `;`, but
 * no parameters. These helpers write a compiled query's parameters into its text as literals,
 * exactly as the driver would have sent them (as text, of unknown type, so that PostgreSQL types
 * them from their context as it does for parameters), and read back the rows of each statement.
 */

type Value = string | number | boolean | bigint | Date | null | undefined | Value[] | object;

/**
 * A statement whose text starts with this comment is followed by its transaction's COMMIT in the
 * same flight (see runThenCommit in database.ts); both database drivers honour it.
 */
export const THEN_COMMIT = '/* then commit */ ';

function arrayText(values: Value[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayText(v);
    return `"${text(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

/** The text form a parameter travels in (what the pg driver's prepareValue makes of it). */
function text(value: Exclude<Value, null | undefined>): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('An invalid date cannot be a statement value');
    return value.toISOString();
  }
  if (Array.isArray(value)) return arrayText(value);
  if (typeof value === 'object') {
    if (ArrayBuffer.isView(value)) throw new Error('Binary values are not written into statements');
    return JSON.stringify(value);
  }
  return String(value);
}

/**
 * A value as an SQL literal: quotes doubled; with backslashes, the E'' form with them doubled
 * (so the literal reads the same whatever standard_conforming_strings says). A NUL byte cannot
 * be in a PostgreSQL string at all, so it is refused here as the server would refuse it.
 */
export function literal(value: Value): string {
  if (value === null || value === undefined) return 'null';
  const s = text(value);
  if (s.includes('\0')) throw new Error('A statement value cannot contain a NUL character');
  const quoted = `'${s.replace(/'/g, "''")}'`;
  return s.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

/** A compiled query with its parameters written in, ready to travel with other statements. */
export function inline(query: Pick<CompiledQuery, 'sql' | 'parameters'>): string {
  const params = query.parameters as readonly Value[];
  return query.sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`The statement has no parameter $${n}`);
    return literal(params[i]);
  });
}

/**
 * A compiled statement's text with its parameters renumbered from `by + 1`, for embedding it in
 * a statement whose first `by` parameters are another's. Placeholders inside quoted literals
 * and identifiers are text, not parameters, and are left alone.
 */
export function shiftParameters(text: string, by: number): string {
  return text.replace(
    /('(?:[^']|'')*')|("(?:[^"]|"")*")|\$(\d+)/g,
    (m, quoted, named, n: string | undefined) =>
      quoted !== undefined || named !== undefined ? m : `$${Number(n) + by}`,
  );
}

const STATEMENT_ROWS = Symbol('statementRows');

/**
 * Marks the rows a multi-statement message answers with (those of its last statement that
 * returns rows) with the rows of every statement, in order. Both database drivers call this.
 */
export function attachStatementRows<R>(rows: R[], each: unknown[][]): R[] {
  Object.defineProperty(rows, STATEMENT_ROWS, { value: each, enumerable: false });
  return rows;
}

/** The rows of each statement of a multi-statement message, in order. */
export function statementRows(result: { rows: unknown[] }): unknown[][] {
  return (result.rows as unknown as { [STATEMENT_ROWS]?: unknown[][] })[STATEMENT_ROWS] ?? [result.rows];
}

/**
 * Prepared statements for multi-statement messages. Planning a statement can cost more than
 * running it (a lookup by key under row-level security: about 0.2 ms of planning for 0.05 ms of
 * work), and the simple protocol plans every statement it gets. `executePrepared` turns a compiled
 * query into `EXECUTE name(values)`, the name derived from the query's text; each connection
 * PREPAREs a name the first time a message of it uses one (see `preparationsFor`), once for the
 * life of the connection (a PREPARE is not undone by a rollback).
 *
 * Such statements live in the database session: between the server and PostgreSQL there must be
 * no proxy that hands one session's statements to another (PgBouncer in transaction mode).
 */
const preparedTexts = new Map<string, string>();
const namesByText = new Map<string, string>();
const PREPARED_PREFIX = 'accompany_';

/** Beyond this many distinct texts (searches of ever new shapes), statements travel inlined. */
const MAX_PREPARED = 400;

export function executePrepared(query: Pick<CompiledQuery, 'sql' | 'parameters'>): string {
  let name = namesByText.get(query.sql);
  if (!name) {
    if (namesByText.size >= MAX_PREPARED) return inline(query);
    name = `${PREPARED_PREFIX}${createHash('sha256').update(query.sql).digest('hex').slice(0, 16)}`;
    namesByText.set(query.sql, name);
    preparedTexts.set(name, query.sql);
  }
  const params = query.parameters as readonly Value[];
  return params.length ? `execute ${name}(${params.map(literal).join(', ')})` : `execute ${name}`;
}

const EXECUTE = new RegExp(`\\bexecute (${PREPARED_PREFIX}[0-9a-f]{16})\\b`, 'g');

/**
 * The PREPARE statements a connection must run before `text` (null when none), given the names
 * it has prepared, and the names they prepare (to add once they ran).
 */
export function preparationsFor(
  text: string,
  prepared: Set<string>,
): { statements: string; names: string[] } | null {
  if (!text.includes(`execute ${PREPARED_PREFIX}`)) return null;
  const missing = new Set<string>();
  for (const m of text.matchAll(EXECUTE)) if (!prepared.has(m[1]!)) missing.add(m[1]!);
  if (!missing.size) return null;
  const statements: string[] = [];
  for (const name of missing) {
    const body = preparedTexts.get(name);
    if (body === undefined) throw new Error(`No statement is known as ${name}`);
    statements.push(`prepare ${name} as ${body}`);
  }
  return { statements: statements.join(';\n'), names: [...missing] };
}
