import type { Role } from '@accompany/contracts';
import type { Scope } from '../../platform/http/context.js';
export declare function listUsers(scope: Scope, filter: {
    q?: string | undefined;
    role?: Role | undefined;
    cursor?: string | undefined;
    limit: number;
}): Promise<{
    items: {
        id: string;
        email: string;
        givenName: string;
        familyName: string;
        role: "patient" | "front_desk" | "clinician" | "billing" | "admin";
        status: "active" | "disabled" | "unverified";
        totpEnabled: boolean;
        lastSignInAt: string | null;
        createdAt: string;
    }[];
    nextCursor: string | null;
}>;
/** Admins change staff roles or disable accounts; the organization never loses its last admin. */
export declare function updateUser(scope: Scope, userId: string, change: {
    role?: Role | undefined;
    disabled?: boolean | undefined;
}): Promise<{
    id: string;
    email: string;
    givenName: string;
    familyName: string;
    role: "patient" | "front_desk" | "clinician" | "billing" | "admin";
    status: "active" | "disabled" | "unverified";
    totpEnabled: boolean;
    lastSignInAt: string | null;
    createdAt: string;
}>;
