import type { Scope } from '../http/context.js';
export type AuditAction = 'read' | 'search' | 'create' | 'update' | 'delete' | 'export';
export type AuditOutcome = 'success' | 'denied' | 'error';
export interface AuditRecord {
    action: AuditAction;
    objectType: string;
    objectId: string | null;
    patientId: string | null;
    outcome?: AuditOutcome;
    /** The registered app, when access came through a SMART token. */
    clientId?: string | null;
}
/**
 * Writes audit records inside the caller's transaction: the record exists exactly when
 * the access it describes happened. Repositories that touch patient data call this
 * themselves, so no route can forget it.
 */
export declare function audit(scope: Scope, records: AuditRecord | AuditRecord[]): Promise<void>;
