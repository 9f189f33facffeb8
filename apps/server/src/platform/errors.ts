/**
 * The one error type of the server. Services throw it; the HTTP layer maps it once
 * (problem+json on /api, OperationOutcome on /fhir). No HTTP types live in services.
 */
export type ErrorKind =
  | 'validation_failed'
  | 'bad_request'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'forbidden'
  | 'totp_enrolment_required'
  | 'email_not_verified'
  | 'csrf_failed'
  | 'not_found'
  | 'conflict'
  | 'invalid_token'
  | 'invalid_code'
  | 'account_locked'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'internal';

export const statusOfKind: Record<ErrorKind, number> = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  totp_enrolment_required: 403,
  email_not_verified: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  invalid_token: 400,
  invalid_code: 400,
  account_locked: 429,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  internal: 500,
};

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
  /** Members added to the problem document, e.g. the next open times when a slot was taken. */
  extra?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly details: ErrorDetails;

  constructor(kind: ErrorKind, message: string, details: ErrorDetails = {}) {
    // An answer to the client (4xx) carries no stack: only server errors are logged with one,
    // and capturing it is most of the cost of a refusal (every lost booking is one).
    const limit = Error.stackTraceLimit;
    if (statusOfKind[kind] < 500) Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.kind = kind;
    this.details = details;
    this.name = 'AppError';
  }

  get status(): number {
    return statusOfKind[this.kind];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);
export const forbidden = (message = 'You do not have access to this') => new AppError('forbidden', message);
