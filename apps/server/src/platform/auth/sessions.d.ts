import type { Role } from '@accompany/contracts';
import type { Tx } from '../db/database.js';
import type { RequestMeta } from '../http/context.js';
export type SessionStage = 'active' | 'totp_pending';
export interface SessionRecord {
    id: string;
    stage: SessionStage;
    csrfToken: string;
    user: {
        id: string;
        email: string;
        givenName: string;
        familyName: string;
        role: Role;
        locale: 'en' | 'es';
        patientId: string | null;
        emailVerified: boolean;
        totpEnabled: boolean;
    };
}
export declare function createSession(tx: Tx, tenantId: string, userId: string, stage: SessionStage, ttlHours: number, meta: RequestMeta): Promise<{
    token: string;
    csrfToken: string;
}>;
export declare function findSession(tx: Tx, token: string): Promise<SessionRecord | null>;
export declare function endSession(tx: Tx, sessionId: string): Promise<void>;
/** After a password change or reset every other session of the user ends. */
export declare function endOtherSessions(tx: Tx, userId: string, keepSessionId: string | null): Promise<void>;
