import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';

/**
 * A browser over real HTTP for SMART launches: keeps cookies (ignoring paths, as every cookie
 * here belongs to one origin), sends the CSRF token to our API, and never follows redirects
 * by itself, so a test sees each hop.
 */
export class HttpBrowser {
  private cookies = new Map<string, string>();
  private csrf: string | null = null;
  constructor(readonly origin: string) {}

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0\b/i.test(line);
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url, this.origin);
    const headers = new Headers(init.headers);
    if (target.origin === this.origin && this.cookies.size)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(target, { ...init, headers, redirect: 'manual' });
    if (target.origin === this.origin) this.keep(res);
    return res;
  }

  async api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    if (method !== 'GET' && !this.csrf) await this.refresh();
    const res = await this.fetch(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }

  private async refresh() {
    this.csrf = (await this.api<{ csrfToken: string }>('GET', '/api/session')).body.csrfToken;
  }

  async signIn(email: string, password = 'accompany-demo') {
    await this.refresh();
    const res = await this.api<{ status: string }>('POST', '/api/auth/sign-in', { email, password });
    expect(res.body.status).toBe('signed_in');
    await this.refresh();
  }

  /** Follows redirects on our origin; stops at the first one that leaves it (the app's redirect URI). */
  async follow(
    url: string,
  ): Promise<{ status: number; location: string | null; url: string; res: Response }> {
    let current = new URL(url, this.origin).href;
    for (let hop = 0; hop < 10; hop++) {
      const res = await this.fetch(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location)
        return { status: res.status, location: null, url: current, res };
      const next = new URL(location, current);
      if (next.origin !== this.origin || next.pathname.startsWith('/connect/'))
        return { status: res.status, location: next.href, url: current, res };
      current = next.href;
    }
    throw new Error('Too many redirects');
  }
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface LaunchOptions {
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge?: string | null;
  /** Which optional scopes the patient keeps (default: all offered). */
  keep?: (offered: string[]) => string[];
  allow?: boolean;
}

/** Starts a standalone launch in the browser and answers the consent screen as the patient. */
export async function standaloneLaunch(browser: HttpBrowser, options: LaunchOptions) {
  const state = randomBytes(8).toString('hex');
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: options.scope,
    state,
    aud: `${browser.origin}/fhir/R4`,
  });
  if (options.challenge !== null) {
    params.set('code_challenge', options.challenge ?? pkcePair().challenge);
    params.set('code_challenge_method', 'S256');
  }
  const start = await browser.follow(`/fhir/R4/auth/authorize?${params}`);
  if (!start.location) throw new Error(`The launch did not start: ${start.status} ${await start.res.text()}`);
  if (!start.location?.includes('/connect/'))
    return { state, start, consent: null, callback: start.location };
  const uid = new URL(start.location).pathname.split('/').pop()!;
  const consent = await browser.api<{ scopes: { scope: string; optional: boolean }[]; appName: string }>(
    'GET',
    `/connect/${uid}/request`,
  );
  expect(consent.status).toBe(200);
  const offered = consent.body.scopes.filter((s) => s.optional).map((s) => s.scope);
  const decision = await browser.api<{ redirectTo: string }>('POST', `/connect/${uid}/decision`, {
    allow: options.allow ?? true,
    scopes: options.keep ? options.keep(offered) : offered,
  });
  expect(decision.status).toBe(200);
  const back = await browser.follow(decision.body.redirectTo);
  if (!back.location)
    throw new Error(`The launch did not return to the app: ${back.status} ${await back.res.text()}`);
  return { state, start, consent: consent.body, uid, callback: back.location };
}

/** Posts a form to the token endpoint (or introspection, revocation). */
export async function postForm(
  url: string,
  form: Record<string, string>,
  basic?: { id: string; secret: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic
        ? { authorization: `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString('base64')}` }
        : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body };
}
