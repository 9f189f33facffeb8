import type { CompiledQuery } from 'kysely';

/**
 * Several statements in one message. The extended protocol (parameters) takes one statement per
 * message and so one round trip each; the simple protocol takes any number separated by `;`, but
 * no parameters. These helpers write a compiled query's parameters into its text as literals,
 * exactly as the driver would have sent them (as text, of unknown type, so that PostgreSQL types
 * them from their context as it does for parameters), and read back the rows of each statement.
 */

type Value = string | number | boolean | bigint | Date | null | undefined | Value[] | object;

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
