import { sql, type Kysely } from 'kysely';

// Where PostgreSQL's time went, for BENCH_TRACE runs. Table scans always; statement by statement
// when the server was started with BENCH_PG_STATEMENTS=1 (see postgres.ts).

const statementsLoaded = () => Boolean(process.env.BENCH_PG_STATEMENTS);

/** Starts a measured phase: statement statistics from here on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any of the server's databases
export async function resetStatements(db: Kysely<any>): Promise<void> {
  if (!statementsLoaded()) return;
  await sql`create extension if not exists pg_stat_statements`.execute(db);
  await sql`select pg_stat_statements_reset()`.execute(db);
}

/** Tables read by sequential scans, most rows read first, and the costliest statements. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any of the server's databases
export async function databaseTrace(db: Kysely<any>): Promise<string> {
  const lines: string[] = ['table\tseq scans\trows read by them\tindex scans\tlive rows'];
  const scans = await sql<{
    relname: string;
    seq_scan: number;
    seq_tup_read: number;
    idx_scan: number;
    n_live_tup: number;
  }>`
    select relname, seq_scan, seq_tup_read, idx_scan, n_live_tup from pg_stat_user_tables
    where seq_scan > 0 order by seq_tup_read desc limit 12`.execute(db);
  for (const r of scans.rows)
    lines.push(`${r.relname}\t${r.seq_scan}\t${r.seq_tup_read}\t${r.idx_scan}\t${r.n_live_tup}`);
  if (statementsLoaded()) {
    const top = await sql<{ calls: number; exec_ms: string; plan_ms: string; rows: number; query: string }>`
      select calls, round(total_exec_time::numeric, 1) as exec_ms, round(total_plan_time::numeric, 1) as plan_ms,
        rows, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 140) as query
      from pg_stat_statements order by total_exec_time + total_plan_time desc limit 20`.execute(db);
    lines.push('', 'calls\texecuting ms\tplanning ms\trows\tstatement');
    for (const r of top.rows) lines.push(`${r.calls}\t${r.exec_ms}\t${r.plan_ms}\t${r.rows}\t${r.query}`);
  }
  return lines.join('\n');
}
