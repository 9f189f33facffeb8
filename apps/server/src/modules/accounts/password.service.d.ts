import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { type UserRow } from './accounts.repository.js';
/** Emails a one-hour, single-use link to choose a new password. */
export declare function sendResetLink(scope: Scope, platform: Platform, user: UserRow): Promise<void>;
/** Always the same answer, whether or not the address has an account. */
export declare function requestPasswordReset(scope: Scope, platform: Platform, email: string): Promise<void>;
/** A reset proves control of the mailbox: it also verifies the email and lifts a lockout. */
export declare function confirmPasswordReset(scope: Scope, platform: Platform, token: string, password: string): Promise<void>;
export declare function changePassword(scope: Scope, platform: Platform, userId: string, sessionId: string, current: string, next: string): Promise<void>;
