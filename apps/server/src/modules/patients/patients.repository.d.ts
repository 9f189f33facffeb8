import type { PatientSummary } from '@accompany/contracts';
import type { Scope } from '../../platform/http/context.js';
type Row = {
    id: string;
    mrn: string;
    given_name: string;
    family_name: string;
    birth_date: string;
    email: string | null;
};
export declare const toSummary: (r: Row) => PatientSummary;
export declare function readPatient(scope: Scope, patientId: string): Promise<{
    email: string | null;
    id: string;
    phone: string | null;
    mrn: string;
    created_at: Date;
    given_name: string;
    family_name: string;
    birth_date: string;
    preferred_locale: string;
} | undefined>;
export declare function searchPatients(scope: Scope, q: string | undefined, cursor: string | undefined, limit: number): Promise<{
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
export declare function updatePatientDemographics(scope: Scope, patientId: string, changes: {
    given_name?: string;
    family_name?: string;
    phone?: string | null;
    preferred_locale?: string;
}): Promise<void>;
export {};
