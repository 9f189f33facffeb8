import { useEffect, useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
let navigated = false;

function emit() {
  for (const l of listeners) l();
}

function onPopState() {
  navigated = true;
  emit();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', onPopState);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', onPopState);
  };
}

function snapshot() {
  return window.location.pathname + window.location.search;
}

/** True once the user moved between pages inside the app (used to move focus to the new heading). */
export function hasNavigated() {
  return navigated;
}

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (to === snapshot() && !options.replace) return;
  if (options.replace) {
    window.history.replaceState(null, '', to);
  } else {
    window.history.pushState(null, '', to);
    navigated = true;
  }
  window.scrollTo(0, 0);
  emit();
}

export interface Location {
  pathname: string;
  search: string;
  query: URLSearchParams;
  href: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  return useMemo(() => {
    const url = new URL(href, 'http://local');
    return { pathname: url.pathname, search: url.search, query: url.searchParams, href };
  }, [href]);
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; replace?: boolean };

/** An ordinary <a href> that navigates client-side on a plain left click. */
export function Link({ to, replace, onClick, ...rest }: LinkProps) {
  function handle(e: MouseEvent<HTMLAnchorElement>) {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    e.preventDefault();
    navigate(to, { replace });
  }
  return <a href={to} onClick={handle} {...rest} />;
}

/** Replace the current entry with `to` after render. */
export function Redirect({ to }: { to: string }) {
  useEffect(() => {
    navigate(to, { replace: true });
  }, [to]);
  return null;
}
