import type { Target } from '../load.js';

export const DEMO_PASSWORD = 'accompany-demo';
export const SIGN_IN = 'POST /api/auth/sign-in';

/** A signed-out browser's CSRF pair: the cookie GET /api/session sets, and the token it returns. */
export interface Csrf {
  cookie: string;
  token: string;
}

/** The `name=value` part of the Set-Cookie header for `name`. */
function cookieFrom(response: Response, name: string): string | undefined {
  return response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find((pair) => pair.startsWith(`${name}=`));
}

export async function fetchCsrf(baseUrl: string): Promise<Csrf> {
  const response = await fetch(`${baseUrl}/api/session`);
  const body = (await response.json()) as { csrfToken?: unknown };
  const cookie = cookieFrom(response, 'accompany_csrf');
  if (response.status !== 200 || typeof body.csrfToken !== 'string' || !cookie) {
    throw new Error(
      `GET /api/session gave no CSRF cookie and token (status ${response.status}); is COOKIE_SECURE=false?`,
    );
  }
  return { cookie, token: body.csrfToken };
}

const signInHeaders = (csrf: Csrf) => ({
  'content-type': 'application/json',
  cookie: csrf.cookie,
  'x-csrf-token': csrf.token,
});

const signInBody = (email: string) => JSON.stringify({ email, password: DEMO_PASSWORD });

/** Signs a patient in the way the web app does; returns the session cookie (`name=value`). */
export async function signIn(baseUrl: string, csrf: Csrf, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: signInHeaders(csrf),
    body: signInBody(email),
  });
  const text = await response.text();
  const session = cookieFrom(response, 'accompany_session');
  let status: unknown;
  try {
    status = (JSON.parse(text) as { status?: unknown }).status;
  } catch {
    status = undefined;
  }
  if (response.status !== 200 || status !== 'signed_in' || !session) {
    throw new Error(`sign-in of ${email} failed: ${response.status} ${text.slice(0, 300)}`);
  }
  return session;
}

/**
 * POST /api/auth/sign-in with the right password, cycling through the demo patients: a
 * sign-in locks its user's row until it commits, so one account signed in ten times at once
 * would measure a queue, not the server. Every request carries the same valid CSRF pair.
 *
 * By default every request comes from 127.0.0.1, one client address. With `manyAddresses`
 * each request names another client in X-Forwarded-For (the server runs with
 * TRUST_PROXY=true), as sign-ins arriving from many patients' phones through a proxy would.
 */
export async function signInTarget(
  baseUrl: string,
  emails: string[],
  processes: Target['processes'],
  manyAddresses = false,
): Promise<Target> {
  const csrf = await fetchCsrf(baseUrl);
  // The exact request the benchmark repeats must succeed before it is repeated.
  await signIn(baseUrl, csrf, emails[0]!);
  let next = 0;
  return {
    name: manyAddresses ? `${SIGN_IN} (many client addresses)` : SIGN_IN,
    url: baseUrl,
    connections: 10,
    processes,
    requests: [
      {
        method: 'POST',
        path: '/api/auth/sign-in',
        headers: signInHeaders(csrf),
        setupRequest: (request) => {
          const n = next++;
          const body = signInBody(emails[n % emails.length]!);
          if (!manyAddresses) return { ...request, body };
          const forwarded = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
          return { ...request, body, headers: { ...request.headers, 'x-forwarded-for': forwarded } };
        },
      },
    ],
  };
}
