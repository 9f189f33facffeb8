/** Who may open which page (pure, unit-tested). The server enforces the same rules; this is for UX. */
import type { SessionUser } from '@accompany/contracts';
import { safeNext } from './router/match';

export type Access =
  /** Anyone, signed in or not. */
  | 'public'
  /** Signed-out visitors; signed-in users are sent to their home. */
  | 'guest'
  /** Any signed-in user. */
  | 'user'
  /** Patients; staff are sent to the console. */
  | 'patient'
  /** Any staff role. */
  | 'staff'
  /** Administrators only. */
  | 'admin';

export type GuardResult = { redirect: string } | { forbidden: true } | null;

type User = Pick<SessionUser, 'role' | 'mustEnrolTotp'>;

export const TOTP_ENROL_PATH = '/account/security';

/** Where a user belongs by default. */
export function homeFor(user: User | null): string {
  if (!user) return '/';
  if (user.mustEnrolTotp) return TOTP_ENROL_PATH;
  return user.role === 'patient' ? '/home' : '/console';
}

/** `here` is pathname + search of the page being opened. */
export function guard(access: Access, user: User | null, here: string): GuardResult {
  if (access === 'public') return null;
  if (access === 'guest') {
    if (!user) return null;
    const next = user.mustEnrolTotp
      ? null
      : safeNext(new URLSearchParams(here.split('?')[1] ?? '').get('next'));
    return { redirect: next ?? homeFor(user) };
  }
  if (!user) return { redirect: `/sign-in?next=${encodeURIComponent(here)}` };
  // Staff who must enrol TOTP can only reach the enrolment page until they have.
  if (user.mustEnrolTotp && here.split('?')[0] !== TOTP_ENROL_PATH) return { redirect: TOTP_ENROL_PATH };
  switch (access) {
    case 'user':
      return null;
    case 'patient':
      return user.role === 'patient' ? null : { redirect: homeFor(user) };
    case 'staff':
      return user.role === 'patient' ? { forbidden: true } : null;
    case 'admin':
      return user.role === 'admin' ? null : { forbidden: true };
  }
}
