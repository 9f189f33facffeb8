/** Pure helpers that turn RFC 9457 problems into UI messages (no DOM, unit-tested). */
import type { Problem } from '@accompany/contracts';
import type { MessageKey } from '../i18n/catalog';

/** Error codes that have their own friendly, translated message. */
const codeKeys: Record<string, MessageKey> = {
  validation_failed: 'errors.validation_failed',
  invalid_credentials: 'errors.invalid_credentials',
  account_locked: 'errors.account_locked',
  rate_limited: 'errors.rate_limited',
  csrf_failed: 'errors.csrf_failed',
  unauthenticated: 'errors.unauthenticated',
  forbidden: 'errors.forbidden',
  totp_enrolment_required: 'errors.totp_enrolment_required',
  email_not_verified: 'errors.email_not_verified',
  not_found: 'errors.not_found',
  conflict: 'errors.conflict',
  invalid_token: 'errors.invalid_token',
  invalid_code: 'errors.invalid_code',
  network_error: 'errors.network_error',
};

export function codeMessageKey(code: string): MessageKey | null {
  return Object.prototype.hasOwnProperty.call(codeKeys, code) ? (codeKeys[code] ?? null) : null;
}

/** Messages the shared contracts produce, mapped to translated validation messages. */
const validationKeys: Record<string, MessageKey> = {
  'Enter a valid email address': 'v.email',
  'Use at least 10 characters': 'v.password',
  'Enter the 6-digit code': 'v.code',
  'Enter a phone number': 'v.phone',
  'Enter a real date of birth, not in the future': 'v.dateFuture',
  'The current password is not right': 'v.currentPassword',
};

export function validationMessageKey(message: string): MessageKey | null {
  const trimmed = message.trim().replace(/\.$/, '');
  return Object.prototype.hasOwnProperty.call(validationKeys, trimmed)
    ? (validationKeys[trimmed] ?? null)
    : null;
}

/**
 * Normalise an error path from the server (`email`, `body.email`, `/email`, `body/password`)
 * to a dotted path without the leading `body` segment.
 */
export function normalizeErrorPath(path: string): string {
  const parts = path.split(/[./]/).filter((p) => p.length > 0);
  if (parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'params') parts.shift();
  return parts.join('.');
}

export interface MappedErrors {
  /** First message for each known form field. */
  fields: Record<string, string>;
  /** Messages whose path matches no field (shown in the form alert). */
  other: string[];
}

/** Map `problem.errors[].path` onto the form's field names. */
export function mapProblemToFields(
  problem: Pick<Problem, 'errors'>,
  fieldNames: readonly string[],
): MappedErrors {
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const { path, message } of problem.errors ?? []) {
    const normal = normalizeErrorPath(path);
    const parts = normal.split('.');
    const candidates = [normal, parts[0] ?? '', parts[parts.length - 1] ?? ''];
    const field = candidates.find((c) => c !== '' && fieldNames.includes(c));
    if (field === undefined) other.push(message);
    else if (!(field in fields)) fields[field] = message;
  }
  return { fields, other };
}

export function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.status === 'number' && typeof v.title === 'string';
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date). */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
