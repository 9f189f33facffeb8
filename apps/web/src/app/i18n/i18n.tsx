import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '@accompany/contracts';
import { catalogs, type MessageKey } from './catalog';
import { detectLocale, interpolate, type Vars } from './translate';

const STORAGE_KEY = 'accompany.locale';

export type Translate = (key: MessageKey, vars?: Vars) => string;

interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** A calendar date such as a date of birth (`YYYY-MM-DD`), never shifted by time zone. */
  formatDate: (isoDate: string) => string;
  /** A moment in time, in the reader's time zone. */
  formatDateTime: (iso: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be unavailable (private mode); fall back to the browser language.
  }
  return detectLocale(stored, window.navigator.language);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered; still applied for this visit.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = catalogs[locale];
    const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      locale,
      setLocale,
      t: (key, vars) => interpolate(messages[key] ?? catalogs.en[key] ?? key, vars),
      formatDate: (isoDate) => {
        const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
        return Number.isNaN(d.getTime()) ? isoDate : dateFmt.format(d);
      },
      formatDateTime: (iso) => {
        const d = new Date(iso);
        return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
      },
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
