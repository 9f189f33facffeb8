/**
 * Run as a child process (node --import tsx bench/src/demo-probe.ts) with DATABASE_URL or
 * DATA_DIR set: prints, as one JSON line, the demo patients' emails and what one argon2id
 * password check costs on this machine with nothing else running.
 *
 * It goes through the server's own database and password modules, so it reads the same
 * schema and the same embedded-database folder the server uses. With PGlite the server must
 * be stopped first: the embedded database is one process's.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths.js';

interface Query {
  select(columns: string[]): Query;
  where(column: string, op: string, value: unknown): Query;
  orderBy(column: string): Query;
  execute(): Promise<Record<string, unknown>[]>;
}
interface DatabaseModule {
  openDatabase(options: { databaseUrl?: string; dataDir?: string }): Promise<{
    db: { selectFrom(table: string): Query };
    close(): Promise<void>;
  }>;
}
interface PasswordsModule {
  verifyPassword(stored: string, password: string): Promise<boolean>;
}

const serverModule = async <T>(path: string) =>
  (await import(pathToFileURL(join(repoRoot, 'apps/server/src', path)).href)) as T;

const DEMO_PASSWORD = 'accompany-demo';

async function main() {
  const { openDatabase } = await serverModule<DatabaseModule>('platform/db/database.ts');
  const { verifyPassword } = await serverModule<PasswordsModule>('platform/crypto/passwords.ts');
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR });
  try {
    const rows = await handle.db
      .selectFrom('users')
      .select(['email', 'password_hash'])
      .where('role', '=', 'patient')
      .orderBy('email')
      .execute();
    const hash = rows[0]?.password_hash;
    if (typeof hash !== 'string') throw new Error('no demo patients with a password in the database');
    const timings: number[] = [];
    for (let i = 0; i < 9; i++) {
      const start = performance.now();
      if (!(await verifyPassword(hash, DEMO_PASSWORD))) throw new Error(`the demo password does not match`);
      timings.push(performance.now() - start);
    }
    timings.sort((a, b) => a - b);
    const argon2VerifyMs = timings[Math.floor(timings.length / 2)];
    console.log(JSON.stringify({ emails: rows.map((r) => String(r.email)), argon2VerifyMs }));
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
