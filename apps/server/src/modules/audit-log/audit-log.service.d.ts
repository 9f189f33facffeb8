import type { AuditEntry } from '@accompany/contracts';
import type { Scope } from '../../platform/http/context.js';
interface Filter {
    patientId?: string | undefined;
    actorId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
}
/** The full trail, for admins. */
export declare function auditTrail(scope: Scope, filter: Filter): Promise<{
    items: AuditEntry[];
    nextCursor: string | null;
}>;
/** "Who looked at my record": names and roles, not other people's addresses. */
export declare function accessLogForPatient(scope: Scope, patientId: string, cursor: string | undefined): Promise<{
    items: {
        at: string;
        who: string;
        role: "patient" | "front_desk" | "clinician" | "billing" | "admin" | null;
        action: "read" | "search" | "create" | "update" | "delete" | "export";
        what: string;
    }[];
    nextCursor: string | null;
}>;
export {};
