/**
 * Client-side checks that mirror the rules in @accompany/contracts (the server re-checks everything).
 * Hand-written instead of importing the zod schemas, which would roughly double the bundle.
 */
import type { MessageKey } from './i18n/catalog';

export type Check = MessageKey | null;
export type FieldErrors<K extends string> = Partial<Record<K, MessageKey>>;

export const required = (v: string): Check => (v.trim() === '' ? 'v.required' : null);

export function email(v: string): Check {
  const s = v.trim();
  if (s === '') return 'v.required';
  if (s.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return 'v.email';
  return null;
}

export function password(v: string): Check {
  if (v.length < 10) return 'v.password';
  if (v.length > 200) return 'v.tooLong';
  return null;
}

export function personName(v: string): Check {
  const s = v.trim();
  if (s === '') return 'v.required';
  return s.length > 100 ? 'v.tooLong' : null;
}

/** A real calendar date in YYYY-MM-DD, optionally not in the future. */
export function isoDate(v: string, options: { past?: boolean; today?: string } = {}): Check {
  if (v.trim() === '') return 'v.required';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return 'v.date';
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v || Number(m[1]) < 1900) return 'v.date';
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (options.past && v > today) return 'v.dateFuture';
  return null;
}

export const totpCode = (v: string): Check => (/^\d{6}$/.test(v.trim()) ? null : 'v.code');

/** Sign-in second step: a 6-digit code or a recovery code such as `abcd-efgh-ijkl`. */
export function signInCode(v: string): Check {
  const s = v.trim();
  return s.length >= 6 && s.length <= 20 ? null : 'v.signInCode';
}

export function phone(v: string): Check {
  const s = v.trim();
  if (s === '') return null;
  return /^\+?[0-9 ()-]{7,20}$/.test(s) ? null : 'v.phone';
}

export function uuid(v: string): Check {
  const s = v.trim();
  if (s === '') return null;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s) ? null : 'v.uuid';
}

/** Keep only the failing checks. */
export function collect<K extends string>(checks: Record<K, Check>): FieldErrors<K> {
  const out: FieldErrors<K> = {};
  for (const key of Object.keys(checks) as K[]) {
    const result = checks[key];
    if (result) out[key] = result;
  }
  return out;
}
