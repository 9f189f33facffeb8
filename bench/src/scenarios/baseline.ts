import { freePort, startChild, waitForOk } from '../processes.js';

export interface BaselineServer {
  url: string;
  pid: number;
  /** Whether GET /floor (Fastify + plain pg) is there: only with PostgreSQL. */
  hasFloor: boolean;
  stop(): Promise<void>;
}

/** Starts the baselines (see baseline-server.ts) as a child process. */
export async function startBaselineServer(databaseUrl?: string): Promise<BaselineServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port) };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child = startChild(process.execPath, ['--import', 'tsx', 'bench/src/baseline-server.ts'], { env });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${url}/hello`, child, 30_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { url, pid: child.pid, hasFloor: Boolean(databaseUrl), stop: () => child.stop() };
}
