/**
 * The one error type of the server. Services throw it; the HTTP layer maps it once
 * (problem+json on /api, OperationOutcome on /fhir). No HTTP types live in services.
 */
export type ErrorKind = 'validation_failed' | 'bad_request' | 'unauthenticated' | 'invalid_credentials' | 'forbidden' | 'totp_enrolment_required' | 'email_not_verified' | 'csrf_failed' | 'not_found' | 'conflict' | 'invalid_token' | 'invalid_code' | 'account_locked' | 'rate_limited' | 'payload_too_large' | 'unsupported_media_type' | 'unavailable' | 'internal';
export declare const statusOfKind: Record<ErrorKind, number>;
export interface FieldError {
    path: string;
    message: string;
}
export interface ErrorDetails {
    errors?: FieldError[];
    retryAfterSeconds?: number;
    /**
     * Commit what the transaction wrote before failing: a counted failed sign-in, a rate
     * limit hit or an audit record of a denied access must outlive the error they cause.
     */
    keepWrites?: boolean;
}
export declare class AppError extends Error {
    readonly kind: ErrorKind;
    readonly details: ErrorDetails;
    constructor(kind: ErrorKind, message: string, details?: ErrorDetails);
    get status(): number;
}
export declare const notFound: (what: string) => AppError;
export declare const forbidden: (message?: string) => AppError;
