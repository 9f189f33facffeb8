import type { Profile } from '@accompany/contracts';
import type { Scope } from '../../platform/http/context.js';
export declare function getProfile(scope: Scope, userId: string): Promise<Profile>;
export declare function updateProfile(scope: Scope, userId: string, change: {
    givenName?: string | undefined;
    familyName?: string | undefined;
    phone?: string | null | undefined;
    locale?: 'en' | 'es' | undefined;
}): Promise<Profile>;
export declare function listNotifications(scope: Scope, userId: string): Promise<{
    unread: number;
    items: {
        id: string;
        kind: string;
        title: string;
        body: string;
        link: string | null;
        readAt: string | null;
        createdAt: string;
    }[];
}>;
export declare function markNotificationRead(scope: Scope, userId: string, id: string): Promise<void>;
