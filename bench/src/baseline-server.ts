/**
 * The baselines, run as a child process (node --import tsx bench/src/baseline-server.ts)
 * with PORT set, exactly as the real server is run:
 *
 * - GET /hello: bare Fastify, one JSON route and nothing else (no plugins, no logger);
 * - GET /floor (when DATABASE_URL is set): bare Fastify plus plain `pg` doing the same seven
 *   round trips as an authenticated route (BEGIN, set_config, three single-row selects, one
 *   insert, COMMIT) with trivial statements. It is the floor for any route of that shape on
 *   this machine: what the round trips and the durable commit cost without the application.
 *
 * Fastify and pg are resolved from the server's package, so the baselines run the very
 * releases the server runs.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths.js';

interface FastifyApp {
  get(
    path: string,
    handler: (request: { id: string; headers: Record<string, unknown> }) => Promise<unknown>,
  ): void;
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<void>;
}
interface PoolClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  release(): void;
}
interface Pool {
  query(text: string): Promise<unknown>;
  connect(): Promise<PoolClient>;
  end(): Promise<void>;
}

const serverRequire = createRequire(join(repoRoot, 'apps/server/package.json'));
const load = async <T>(name: string) =>
  ((await import(pathToFileURL(serverRequire.resolve(name)).href)) as { default: T }).default;

const fastify = await load<(options?: Record<string, unknown>) => FastifyApp>('fastify');
const app = fastify();
app.get('/hello', async () => ({ hello: 'world' }));

let pool: Pool | undefined;
if (process.env.DATABASE_URL) {
  const pg = await load<{ Pool: new (options: { connectionString: string; max: number }) => Pool }>('pg');
  // The server's default pool size (DATABASE_POOL_SIZE).
  const floorPool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  pool = floorPool;
  await floorPool.query(
    `create schema if not exists bench_floor;
     create table if not exists bench_floor.reads (
       id bigserial primary key, tenant_id uuid not null, actor_id uuid not null,
       request_id text not null, at timestamptz not null default now())`,
  );
  const tenant = '00000000-0000-4000-8000-000000000001';
  const actor = '00000000-0000-4000-8000-000000000002';
  app.get('/floor', async (request) => {
    const client = await floorPool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [tenant]);
      const session = await client.query('select $1::text as token', [String(request.headers.cookie ?? '')]);
      await client.query('select $1::uuid as user_id', [actor]);
      await client.query('select $1::uuid as patient_id', [actor]);
      await client.query(
        'insert into bench_floor.reads (tenant_id, actor_id, request_id) values ($1, $2, $3)',
        [tenant, actor, request.id],
      );
      await client.query('commit');
      return { rows: session.rows.length };
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  });
}

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => pool?.end())
    .then(() => process.exit(0));
});
