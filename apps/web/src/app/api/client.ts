import type { Problem } from '@accompany/contracts';
import { isProblem, parseRetryAfter } from './problem';

export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly retryAfter: number | null = null,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }
  get code() {
    return this.problem.code;
  }
  get status() {
    return this.problem.status;
  }
}

function networkError(): ApiError {
  return new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'network_error' });
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return networkError();
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

let csrfToken = '';
export function setCsrfToken(token: string) {
  csrfToken = token;
}

interface Hooks {
  /** A page request answered 401 unauthenticated. */
  unauthenticated?: () => void;
  /** A request answered 403 totp_enrolment_required. */
  totpRequired?: () => void;
}
const hooks: Hooks = {};
export function setApiHooks(next: Hooks) {
  Object.assign(hooks, next);
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Don't run the global 401 / TOTP-enrolment redirects (auth forms handle those codes themselves). */
  quiet?: boolean;
  /** Sent as Idempotency-Key: a retry of the same attempt (after a lost answer) repeats nothing. */
  idempotencyKey?: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function send(method: Method, path: string, body: unknown, options: RequestOptions) {
  const { signal, idempotencyKey } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const init: RequestInit = { method, credentials: 'same-origin', headers, signal, cache: 'no-store' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers['x-csrf-token'] = csrfToken;
    init.body = JSON.stringify(body ?? {});
  }
  return fetch(path, init);
}

async function readProblem(res: Response): Promise<Problem> {
  try {
    const data: unknown = await res.json();
    if (isProblem(data)) return data;
  } catch {
    // Not JSON: fall through to a generic problem.
  }
  return {
    type: 'about:blank',
    title: res.statusText || 'Error',
    status: res.status,
    code: `http_${res.status}`,
  };
}

async function refreshCsrf(): Promise<boolean> {
  try {
    const res = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) return false;
    const data = (await res.json()) as { csrfToken?: unknown };
    if (typeof data.csrfToken !== 'string') return false;
    csrfToken = data.csrfToken;
    return true;
  } catch {
    return false;
  }
}

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  let res: Response;
  let retried = false;
  for (;;) {
    try {
      res = await send(method, path, body, options);
    } catch (err) {
      if (isAbort(err)) throw err;
      throw networkError();
    }
    if (res.ok) {
      if (res.status === 204) return undefined as T;
      const text = await res.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }
    const problem = await readProblem(res);
    // A rotated or expired CSRF token: pick up the current one and try once more.
    if (problem.code === 'csrf_failed' && !retried && method !== 'GET' && (await refreshCsrf())) {
      retried = true;
      continue;
    }
    if (!options.quiet) {
      if (problem.code === 'unauthenticated') hooks.unauthenticated?.();
      if (problem.code === 'totp_enrolment_required') hooks.totpRequired?.();
    }
    throw new ApiError(problem, parseRetryAfter(res.headers.get('retry-after')));
  }
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body, options),
  del: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, undefined, options),
};

/** Build `path?a=1&b=2`, skipping empty values. */
export function withQuery(path: string, query: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
