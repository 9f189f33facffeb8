/**
 * npm run bench:smart: the SMART authorization server on PostgreSQL and on the embedded
 * PGlite. Measures what the FHIR door pays on every request (verifyBearer: one statement) and
 * the token endpoint for backend services (client_credentials with a signed JWT assertion).
 * Runs in one process with the server's own modules; short by default (BENCH_SECONDS, default 4).
 */
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './paths.js';
import { startPostgres, type Postgres } from './postgres.js';
import { writeBenchSection } from './doc-section.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 4);

// The bench project is compiled apart from the server: its modules are loaded at run time.
const load = async <T>(path: string) =>
  (await import(pathToFileURL(join(repoRoot, 'apps/server/src', path)).href)) as T;

interface Runtime {
  platform: { db: unknown; keyring: unknown };
  database: { db: unknown };
  close(): Promise<void>;
}
interface App {
  listen(o: { port: number; host: string }): Promise<string>;
  server: { address(): AddressInfo };
  close(): Promise<void>;
}

interface Row {
  database: string;
  scenario: string;
  concurrency: number;
  perSecond: number;
  p50: number;
  p95: number;
}

async function timed(concurrency: number, work: () => Promise<void>) {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const start = performance.now();
        await work();
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { perSecond: latencies.length / seconds, p50: at(0.5), p95: at(0.95) };
}

async function benchDatabase(kind: 'postgres' | 'pglite'): Promise<Row[]> {
  const { loadConfig } = await load<{ loadConfig(env: Record<string, string>): unknown }>('config.ts');
  const { startRuntime } = await load<{ startRuntime(c: unknown, o: object): Promise<Runtime> }>(
    'platform/runtime.ts',
  );
  const { generateDemoOrganization } = await load<{
    generateDemoOrganization(db: unknown, slug: string): Promise<{ tenantId: string }>;
  }>('modules/demo/demo.generator.ts');
  const { buildApp } = await load<{ buildApp(r: Runtime, o: object): Promise<App> }>('app.ts');
  const { runClientsCommand } = await load<{
    runClientsCommand(argv: string[], deps: object): Promise<number>;
  }>('cli/clients.ts');
  const { createBearerVerifier } = await load<{
    createBearerVerifier(db: unknown): (tenantId: string, token: string) => Promise<unknown>;
  }>('fhir/smart/verify-bearer.ts');

  let postgres: Postgres | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'accompany-bench-smart-'));
  try {
    if (kind === 'postgres') postgres = await startPostgres();
    const config = loadConfig({
      NODE_ENV: 'test',
      APP_SECRET: 'bench-secret-that-is-long-enough-0123456789',
      DATA_DIR: dir,
      PUBLIC_URL: 'http://localhost',
      COOKIE_SECURE: 'false',
      LOG_LEVEL: 'silent',
      RUN_WORKERS: 'false',
      ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    });
    const runtime = await startRuntime(config, { memory: !postgres });
    const { tenantId } = await generateDemoOrganization(runtime.database.db, 'demo');
    const app = await buildApp(runtime, { serveWeb: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const origin = `http://127.0.0.1:${app.server.address().port}`;
    const label = postgres ? `PostgreSQL ${postgres.version}` : 'PGlite (embedded)';
    try {
      const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwks = join(dir, 'jwks.json');
      writeFileSync(
        jwks,
        JSON.stringify({ keys: [{ ...keys.publicKey.export({ format: 'jwk' }), kid: 'k', alg: 'RS384' }] }),
      );
      const code = await runClientsCommand(
        [
          'create',
          '--tenant',
          'demo',
          '--name',
          'Bench',
          '--backend',
          '--jwks',
          jwks,
          '--client-id',
          'bench',
        ],
        { db: runtime.platform.db, keyring: runtime.platform.keyring, out: () => undefined },
      );
      if (code !== 0) throw new Error('could not register the bench client');
      const tokenUrl = `${origin}/fhir/R4/auth/token`;
      const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const assertion = () => {
        const input = `${enc({ alg: 'RS384', kid: 'k', typ: 'JWT' })}.${enc({
          iss: 'bench',
          sub: 'bench',
          aud: tokenUrl,
          exp: Math.floor(Date.now() / 1000) + 300,
          jti: randomUUID(),
        })}`;
        return `${input}.${sign('sha384', Buffer.from(input), keys.privateKey).toString('base64url')}`;
      };
      const issue = async () => {
        const res = await fetch(tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            scope: 'system/*.rs',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertion(),
          }),
        });
        const body = (await res.json()) as { access_token?: string };
        if (!body.access_token) throw new Error(`token endpoint: ${res.status}`);
        return body.access_token;
      };
      const tokens = await Promise.all(Array.from({ length: 50 }, issue));
      const verify = createBearerVerifier(runtime.database.db);
      let i = 0;
      const check = async () => {
        if (!(await verify(tenantId, tokens[i++ % tokens.length]!))) throw new Error('token refused');
      };
      const rows: Row[] = [];
      for (const concurrency of [1, 10]) {
        process.stdout.write(`${label}: verifyBearer, concurrency ${concurrency}\n`);
        rows.push({
          database: label,
          scenario: 'verifyBearer (in process)',
          concurrency,
          ...(await timed(concurrency, check)),
        });
      }
      process.stdout.write(`${label}: token endpoint, client_credentials, concurrency 10\n`);
      rows.push({
        database: label,
        scenario: 'client_credentials token (HTTP, signed assertion)',
        concurrency: 10,
        ...(await timed(10, async () => void (await issue()))),
      });
      return rows;
    } finally {
      await app.close();
      await runtime.close();
    }
  } finally {
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const rows = [...(await benchDatabase('postgres')), ...(await benchDatabase('pglite'))];
  const table = [
    '| database | scenario | concurrency | per second | p50 ms | p95 ms |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.database} | ${r.scenario} | ${r.concurrency} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} |`,
    ),
  ].join('\n');
  console.log(`\n${table}`);
  writeBenchSection(
    'smart',
    `## SMART authorization (\`npm run bench:smart\`)

${seconds} s per scenario, one process, ${new Date().toISOString().slice(0, 10)}. \`verifyBearer\` is what the
FHIR door runs for every request made with a SMART token (one statement: token, client and grant).
The token endpoint figure includes verifying the client's RS384 assertion and storing the token.

${table}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
