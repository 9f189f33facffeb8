import type { Scope } from '../../platform/http/context.js';
/** Staff roles that work with patient charts; billing sees demographics for accounts. */
export declare const chartRoles: readonly ["front_desk", "clinician", "billing", "admin"];
export declare function getPatientForStaff(scope: Scope, patientId: string): Promise<{
    id: string;
    mrn: string;
    givenName: string;
    familyName: string;
    birthDate: string;
    email: string | null;
}>;
export declare const findPatients: (scope: Scope, q: string | undefined, cursor: string | undefined, limit: number) => Promise<{
    items: {
        id: string;
        mrn: string;
        givenName: string;
        familyName: string;
        birthDate: string;
        email: string | null;
    }[];
    nextCursor: string | null;
}>;
/**
 * A patient reaches only their own record. Another patient's id answers 404 (no hint that
 * it exists) and the attempt is kept in the audit trail.
 */
export declare function assertOwnRecord(scope: Scope, patientId: string): Promise<void>;
