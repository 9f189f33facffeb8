import type { Role } from '@accompany/contracts';
import type { Scope } from '../../platform/http/context.js';
import type { Platform } from '../../platform/platform.js';
export declare function listInvitations(scope: Scope): Promise<{
    items: {
        id: string;
        email: string;
        role: "patient" | "front_desk" | "clinician" | "billing" | "admin";
        givenName: string;
        familyName: string;
        status: "pending" | "accepted" | "expired";
        expiresAt: string;
        createdAt: string;
    }[];
}>;
export declare function invite(scope: Scope, platform: Platform, input: {
    email: string;
    role: string;
    givenName: string;
    familyName: string;
    locale: 'en' | 'es';
}): Promise<{
    id: string;
    email: string;
    role: "patient" | "front_desk" | "clinician" | "billing" | "admin";
    givenName: string;
    familyName: string;
    status: "pending" | "accepted" | "expired";
    expiresAt: string;
    createdAt: string;
}>;
export declare function previewInvitation(scope: Scope, token: string): Promise<{
    email: string;
    role: Role;
    givenName: string;
    tenantName: string;
}>;
/** The invited person chooses a password; the account starts verified (the link proved the mailbox). */
export declare function acceptInvitation(scope: Scope, token: string, password: string): Promise<void>;
