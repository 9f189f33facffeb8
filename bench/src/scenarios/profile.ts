import type autocannon from 'autocannon';
import type { Target } from '../load.js';
import type { BaselineServer } from './baseline.js';
import { fetchCsrf, signIn } from './sign-in.js';

/** Figure names. */
export const PROFILE = 'GET /api/me/profile';
export const FLOOR = 'Fastify + plain pg, 7 round trips';
export const BARE = 'bare Fastify hello world';

/** How many signed-in patients the profile requests are spread over. */
const SESSIONS = 20;

/** Sends each request with the next cookie of the list, round robin across all connections. */
function rotatingCookies(cookies: string[]): autocannon.Request['setupRequest'] {
  let next = 0;
  return (request) => ({
    ...request,
    headers: { ...request.headers, cookie: cookies[next++ % cookies.length]! },
  });
}

/**
 * GET /api/me/profile as signed-in patients, and the baselines with the very same request
 * shape (same cookie headers, same connections), so that they differ only in what the
 * server does with the request.
 */
export async function profileTargets(
  baseUrl: string,
  baseline: BaselineServer,
  emails: string[],
  processes: { server: Target['processes']; baseline: Target['processes'] },
): Promise<Target[]> {
  const csrf = await fetchCsrf(baseUrl);
  const cookies: string[] = [];
  for (const email of emails.slice(0, SESSIONS)) cookies.push(await signIn(baseUrl, csrf, email));

  const check = await fetch(`${baseUrl}/api/me/profile`, { headers: { cookie: cookies[0]! } });
  const profile = (await check.json()) as { email?: unknown };
  if (check.status !== 200 || profile.email !== emails[0]) {
    throw new Error(
      `GET /api/me/profile with a fresh session answered ${check.status}, not the patient's profile`,
    );
  }

  const target = (name: string, url: string, path: string, procs: Target['processes']): Target => ({
    name,
    url,
    connections: 20,
    processes: procs,
    requests: [{ method: 'GET', path, setupRequest: rotatingCookies(cookies) }],
  });
  return [
    target(PROFILE, baseUrl, '/api/me/profile', processes.server),
    ...(baseline.hasFloor ? [target(FLOOR, baseline.url, '/floor', processes.baseline)] : []),
    target(BARE, baseline.url, '/hello', { server: () => baseline.pid }),
  ];
}
