import { AppError } from '../platform/errors.js';
import type { OperationOutcome, OperationOutcomeIssue } from './types.js';

type IssueCode = OperationOutcomeIssue['code'];

/**
 * An error on the FHIR door: an HTTP status and the OperationOutcome issues that explain it.
 * Services throw it (or AppError, which maps to it); the door sends it as the response body.
 */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly issues: OperationOutcomeIssue[],
  ) {
    super(issues[0]?.diagnostics ?? issues[0]?.details?.text ?? 'FHIR error');
    this.name = 'FhirError';
  }
}

export function issue(code: IssueCode, text: string, expression?: string[]): OperationOutcomeIssue {
  return {
    severity: 'error',
    code,
    details: { text },
    diagnostics: text,
    ...(expression?.length ? { expression } : {}),
  };
}

export const badRequest = (text: string, expression?: string[]) =>
  new FhirError(400, [issue('invalid', text, expression)]);
export const notFoundError = (text: string) => new FhirError(404, [issue('not-found', text)]);
export const goneError = (text: string) => new FhirError(410, [issue('deleted', text)]);
export const forbiddenError = (text = 'This access is not allowed') =>
  new FhirError(403, [issue('forbidden', text)]);
export const conflictError = (text: string) => new FhirError(409, [issue('conflict', text)]);
export const preconditionFailed = (text: string) => new FhirError(412, [issue('conflict', text)]);
export const notSupported = (text: string) => new FhirError(400, [issue('not-supported', text)]);

const CODE_OF_STATUS: Record<number, IssueCode> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  429: 'throttled',
};

/** Anything thrown on the door, as a status and an OperationOutcome. */
export function toOutcome(error: unknown): { status: number; outcome: OperationOutcome } {
  if (error instanceof FhirError) {
    return { status: error.status, outcome: { resourceType: 'OperationOutcome', issue: error.issues } };
  }
  if (error instanceof AppError) {
    const code = CODE_OF_STATUS[error.status] ?? 'exception';
    const issues = error.details.errors?.length
      ? error.details.errors.map((e) => issue(code, e.message, e.path ? [e.path] : undefined))
      : [issue(code, error.message)];
    return { status: error.status, outcome: { resourceType: 'OperationOutcome', issue: issues } };
  }
  // A value PostgreSQL could not read (SQLSTATE class 22, data exception: a tampered cursor,
  // an out-of-range number) is the client's input, not a server fault.
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) {
    return {
      status: 400,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [issue('invalid', 'A value in the request is out of range or malformed')],
      },
    };
  }
  return {
    status: 500,
    outcome: { resourceType: 'OperationOutcome', issue: [issue('exception', 'Something went wrong')] },
  };
}

export function informational(text: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'information', code: 'informational', diagnostics: text }],
  };
}
