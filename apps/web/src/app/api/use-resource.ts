import { useCallback, useEffect, useRef, useState } from 'react';
import { api, isAbort, toApiError, withQuery, type ApiError } from './client';

interface ResourceState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
}

/** GET `path` on mount and whenever it changes; `null` skips the request. */
export function useResource<T>(path: string | null) {
  const [state, setState] = useState<ResourceState<T>>({
    data: undefined,
    error: null,
    loading: path !== null,
  });
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    if (path === null) return;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    api.get<T>(path, { signal: ctrl.signal }).then(
      (data) => setState({ data, error: null, loading: false }),
      (err: unknown) => {
        if (isAbort(err) || ctrl.signal.aborted) return;
        setState({ data: undefined, error: toApiError(err), loading: false });
      },
    );
    return () => ctrl.abort();
  }, [path, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const setData = useCallback((update: (prev: T | undefined) => T | undefined) => {
    setState((s) => ({ ...s, data: update(s.data) }));
  }, []);
  return { ...state, reload, setData };
}

interface PageResult<T> {
  items: T[];
  nextCursor: string | null;
}

interface PagedState<T> {
  items: T[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: ApiError | null;
}

/** Cursor pagination: first page on mount and whenever `path` changes, then `loadMore()`. */
export function usePaged<T>(path: string | null) {
  const [state, setState] = useState<PagedState<T>>({
    items: [],
    nextCursor: null,
    loading: path !== null,
    loadingMore: false,
    error: null,
  });
  const [nonce, setNonce] = useState(0);
  const current = useRef(path);

  useEffect(() => {
    current.current = path;
    if (path === null) return;
    const ctrl = new AbortController();
    setState({ items: [], nextCursor: null, loading: true, loadingMore: false, error: null });
    api.get<PageResult<T>>(path, { signal: ctrl.signal }).then(
      (page) =>
        setState({
          items: page.items,
          nextCursor: page.nextCursor,
          loading: false,
          loadingMore: false,
          error: null,
        }),
      (err: unknown) => {
        if (isAbort(err) || ctrl.signal.aborted) return;
        setState((s) => ({ ...s, loading: false, error: toApiError(err) }));
      },
    );
    return () => ctrl.abort();
  }, [path, nonce]);

  async function loadMore() {
    const cursor = state.nextCursor;
    if (path === null || cursor === null || state.loadingMore) return;
    setState((s) => ({ ...s, loadingMore: true, error: null }));
    const [base = path, qs = ''] = path.split('?');
    const query = Object.fromEntries(new URLSearchParams(qs));
    try {
      const page = await api.get<PageResult<T>>(withQuery(base, { ...query, cursor }));
      if (current.current !== path) return;
      setState((s) => ({
        ...s,
        items: [...s.items, ...page.items],
        nextCursor: page.nextCursor,
        loadingMore: false,
      }));
    } catch (err) {
      if (current.current !== path) return;
      setState((s) => ({ ...s, loadingMore: false, error: toApiError(err) }));
    }
  }

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const updateItems = useCallback((update: (items: T[]) => T[]) => {
    setState((s) => ({ ...s, items: update(s.items) }));
  }, []);
  return { ...state, loadMore, reload, updateItems };
}
