import type { OperationOutcome, OperationOutcomeIssue } from './types.js';
type IssueCode = OperationOutcomeIssue['code'];
/**
 * An error on the FHIR door: an HTTP status and the OperationOutcome issues that explain it.
 * Services throw it (or AppError, which maps to it); the door sends it as the response body.
 */
export declare class FhirError extends Error {
  readonly status: number;
  readonly issues: OperationOutcomeIssue[];
  constructor(status: number, issues: OperationOutcomeIssue[]);
}
export declare function issue(code: IssueCode, text: string, expression?: string[]): OperationOutcomeIssue;
export declare const badRequest: (text: string, expression?: string[]) => FhirError;
export declare const notFoundError: (text: string) => FhirError;
export declare const goneError: (text: string) => FhirError;
export declare const forbiddenError: (text?: string) => FhirError;
export declare const conflictError: (text: string) => FhirError;
export declare const preconditionFailed: (text: string) => FhirError;
export declare const notSupported: (text: string) => FhirError;
/** Anything thrown on the door, as a status and an OperationOutcome. */
export declare function toOutcome(error: unknown): {
  status: number;
  outcome: OperationOutcome;
};
export declare function informational(text: string): OperationOutcome;
export {};
