/** Pure path helpers for the tiny history-API router (no DOM, unit-tested). */

export type Params = Record<string, string>;

function segments(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/**
 * Match a pattern such as `/console/patients/:id` against a pathname.
 * Trailing slashes are ignored; `:name` captures one (URL-decoded) segment.
 * Returns the captured params, or null when the path does not match.
 */
export function matchPath(pattern: string, pathname: string): Params | null {
  const want = segments(pattern);
  const got = segments(pathname);
  if (want.length !== got.length) return null;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(g);
      } catch {
        return null;
      }
      params[w.slice(1)] = value;
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

/** First route whose pattern matches, in table order. */
export function findRoute<R extends { path: string }>(
  routes: readonly R[],
  pathname: string,
): { route: R; params: Params } | null {
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

/**
 * A `?next=` target is only followed when it is a same-origin path:
 * starts with one slash, no protocol-relative `//` or backslash tricks.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next) return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  for (let i = 0; i < next.length; i++) if (next.charCodeAt(i) < 0x20) return null;
  return next;
}

/** True when `href` is the current section (exact, or a sub-path of it). */
export function isActivePath(href: string, pathname: string, exact = false): boolean {
  const a = segments(href).join('/');
  const b = segments(pathname).join('/');
  if (exact || a === '') return a === b;
  return b === a || b.startsWith(`${a}/`);
}
