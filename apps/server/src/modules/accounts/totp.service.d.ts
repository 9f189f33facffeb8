import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { type UserRow } from './accounts.repository.js';
/** Checks a 6-digit code (no replay of a used step) or spends a recovery code. */
export declare function checkSecondFactor(scope: Scope, platform: Platform, user: UserRow, code: string): Promise<boolean>;
export declare function startTotpSetup(scope: Scope, platform: Platform, userId: string): Promise<{
    secret: string;
    otpauthUri: string;
}>;
export declare function enableTotp(scope: Scope, platform: Platform, userId: string, code: string): Promise<{
    recoveryCodes: string[];
}>;
export declare function disableTotp(scope: Scope, platform: Platform, userId: string, code: string): Promise<void>;
export declare function securityNotice(scope: Scope, platform: Platform, user: UserRow, event: 'totp_enabled' | 'totp_disabled' | 'password_changed' | 'passkey_added'): Promise<void>;
