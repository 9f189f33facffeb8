import type { Role } from '@accompany/contracts';
import type { Tx } from '../db/database.js';
/** Who is acting. Services authorize against it; the audit trail records it. */
export interface Actor {
    userId: string;
    role: Role;
    patientId: string | null;
}
/** Where a request came from; kept in audit records, never in logs. */
export interface RequestMeta {
    ip: string | null;
    userAgent: string | null;
    requestId: string;
}
export interface Tenant {
    id: string;
    slug: string;
    name: string;
}
/** What every service call works within: one tenant transaction and one actor. */
export interface Scope {
    tx: Tx;
    tenant: Tenant;
    actor: Actor | null;
    meta: RequestMeta;
}
export declare const isStaff: (role: Role) => role is "front_desk" | "clinician" | "billing" | "admin";
