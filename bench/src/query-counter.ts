import pg from 'pg';

/** The mark of a transaction's opening message (OPENING in the server's database.ts). */
const OPENING = '/* opening */ ';

/**
 * Counts the round trips the PostgreSQL client makes (one query call is one round trip, except a
 * transaction's opening, which travels with the statement after it: see OPENING in the server's
 * database.ts), by wrapping the client's query method for as long as the count runs. With
 * BENCH_TRACE the report lists the messages by their opening words (which costs CPU of its own).
 */
export function countQueries() {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const byText = new Map<string, number>();
  let total = 0;
  const byStatement = Boolean(process.env.BENCH_TRACE);
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    if (!text.startsWith(OPENING)) total++;
    if (!byStatement) return original.apply(this, args);
    // Values written into a statement (see statements.ts) would make every call its own line.
    const key = text
      .replace(/'(?:[^']|'')*'/g, '…')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 90);
    byText.set(key, (byText.get(key) ?? 0) + 1);
    return original.apply(this, args);
  };
  return {
    stop() {
      proto.query = original;
      return {
        total,
        report: () =>
          [...byText.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${String(n).padStart(7)}  ${k}`)
            .join('\n'),
      };
    },
  };
}
