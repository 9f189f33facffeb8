/** Pure i18n helpers (no DOM, unit-tested). */
import type { Locale } from '@accompany/contracts';

export const supportedLocales: readonly Locale[] = ['en', 'es'];

/** Same keys as `T`, any string values: how a second language is typed against English. */
export type Messages<T> = { [K in keyof T]: string };

export type Vars = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'es';
}

/** A remembered choice wins; otherwise Spanish for any `es*` browser language, else English. */
export function detectLocale(stored: string | null, browserLanguage: string | undefined): Locale {
  if (isLocale(stored)) return stored;
  return browserLanguage?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** Replace `{name}` placeholders; unknown placeholders stay visible so they are easy to spot. */
export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : whole,
  );
}

/** Placeholder names used in a message, for the completeness test. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();
}
