import pg from 'pg';

/**
 * Counts the round trips the PostgreSQL client makes, by wrapping the client's query method for
 * as long as the count runs: a query sent while an earlier one on the same connection is still
 * unanswered travels in the same flight (the driver's pipeline mode: a transaction's opening with
 * its first statement, a last statement with its COMMIT), so it is no round trip of its own. With
 * BENCH_TRACE the report lists the messages by their opening words (which costs CPU of its own).
 */
export function countQueries() {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const byText = new Map<string, number>();
  let total = 0;
  const byStatement = Boolean(process.env.BENCH_TRACE);
  const unanswered = new WeakMap<object, number>();
  proto.query = function (this: object, ...args: unknown[]) {
    const waiting = unanswered.get(this) ?? 0;
    if (waiting === 0) total++;
    unanswered.set(this, waiting + 1);
    const answered = () => unanswered.set(this, (unanswered.get(this) ?? 1) - 1);
    const out = send(this, args);
    if (out instanceof Promise) out.then(answered, answered);
    else answered();
    return out;
  };
  const send = (client: object, args: unknown[]) => {
    if (!byStatement) return original.apply(client, args);
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    // Values written into a statement (see statements.ts) would make every call its own line.
    const key = text
      .replace(/'(?:[^']|'')*'/g, '…')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 90);
    byText.set(key, (byText.get(key) ?? 0) + 1);
    return original.apply(client, args);
  };
  return {
    /** Round trips so far. */
    get total() {
      return total;
    },
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
