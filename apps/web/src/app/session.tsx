import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Locale, SessionInfo, SessionUser } from '@accompany/contracts';
import { api, setApiHooks, setCsrfToken } from './api/client';
import { useI18n } from './i18n/i18n';
import { navigate } from './router/router';
import { setFlash } from './flash';
import { TOTP_ENROL_PATH } from './access';

type Status = 'loading' | 'ready' | 'offline';

interface Session {
  status: Status;
  info: SessionInfo | null;
  user: SessionUser | null;
  /** Re-read /api/session (after sign-in, sign-out, TOTP changes); resolves to the new user. */
  refresh: () => Promise<SessionUser | null>;
  signOut: () => Promise<void>;
  /** Switch language; saved to the profile too when signed in. */
  changeLocale: (locale: Locale) => void;
}

const SessionContext = createContext<Session | null>(null);

export { homeFor } from './access';

const guestPaths = [
  '/sign-in',
  '/sign-up',
  '/forgot-password',
  '/reset-password',
  '/verify-email',
  '/invitation',
];

export function SessionProvider({ children }: { children: ReactNode }) {
  const { setLocale } = useI18n();
  const [status, setStatus] = useState<Status>('loading');
  const [info, setInfo] = useState<SessionInfo | null>(null);
  const lastUserId = useRef<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const next = await api.get<SessionInfo>('/api/session', { quiet: true });
      setCsrfToken(next.csrfToken);
      setInfo(next);
      setStatus('ready');
      return next.user;
    } catch {
      setStatus('offline');
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // After sign-in (or on load when signed in) the user's saved language wins.
  const user = info?.user ?? null;
  useEffect(() => {
    const id = user?.id ?? null;
    if (user && id !== lastUserId.current) setLocale(user.locale);
    lastUserId.current = id;
  }, [user, setLocale]);

  useEffect(() => {
    setApiHooks({
      unauthenticated: () => {
        void refresh().then(() => {
          const { pathname, search } = window.location;
          if (guestPaths.includes(pathname)) return;
          setFlash({ key: 'errors.unauthenticated', tone: 'info' });
          navigate(`/sign-in?next=${encodeURIComponent(pathname + search)}`, { replace: true });
        });
      },
      totpRequired: () => {
        void refresh().then(() => navigate(TOTP_ENROL_PATH, { replace: true }));
      },
    });
  }, [refresh]);

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/sign-out', {}, { quiet: true });
    } finally {
      await refresh();
      setFlash({ key: 'layout.signedOut' });
      navigate('/');
    }
  }, [refresh]);

  const changeLocale = useCallback(
    (locale: Locale) => {
      setLocale(locale);
      if (!user) return;
      setInfo((prev) => (prev?.user ? { ...prev, user: { ...prev.user, locale } } : prev));
      api.patch('/api/me/profile', { locale }, { quiet: true }).catch(() => {
        // Best effort: the switch still applies in this browser.
      });
    },
    [user, setLocale],
  );

  const value = useMemo<Session>(
    () => ({ status, info, user, refresh, signOut, changeLocale }),
    [status, info, user, refresh, signOut, changeLocale],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
