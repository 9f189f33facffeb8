import { type AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Passkey } from '@accompany/contracts';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
import { type SignInOutcome } from './sign-in.service.js';
export declare function listPasskeys(scope: Scope, userId: string): Promise<Passkey[]>;
export declare function registrationOptions(scope: Scope, platform: Platform, userId: string): Promise<import("@simplewebauthn/server").PublicKeyCredentialCreationOptionsJSON>;
export declare function registerPasskey(scope: Scope, platform: Platform, userId: string, response: unknown, name: string): Promise<{
    id: string;
    name: string;
    createdAt: string;
    lastUsedAt: null;
}>;
export declare function deletePasskey(scope: Scope, userId: string, passkeyId: string): Promise<void>;
/** Options for signing in; with no email the browser offers the passkeys it holds for this site. */
export declare function signInOptions(scope: Scope, platform: Platform, email: string | undefined): Promise<{
    options: import("@simplewebauthn/server").PublicKeyCredentialRequestOptionsJSON;
    challengeId: string;
}>;
export declare function signInWithPasskey(scope: Scope, platform: Platform, challengeId: string, response: AuthenticationResponseJSON): Promise<SignInOutcome>;
