import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type ErrorKind, type FieldError } from '../errors.js';

/** Zod issues become field errors a form can show next to its inputs. */
export function validationError(error: z.ZodError, where: 'body' | 'query' | 'params'): AppError {
  const errors: FieldError[] = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return { path: issue.keys.join(','), message: `Unknown field: ${issue.keys.join(', ')}` };
    }
    return { path: path || where, message: issue.message };
  });
  return new AppError('validation_failed', `Some of what was sent is not valid (${where})`, { errors });
}

const titles: Partial<Record<ErrorKind, string>> = {
  validation_failed: 'Invalid input',
  bad_request: 'Bad request',
  unauthenticated: 'Sign-in required',
  invalid_credentials: 'Wrong email or password',
  forbidden: 'Not allowed',
  totp_enrolment_required: 'Two-factor authentication required',
  email_not_verified: 'Email not verified',
  csrf_failed: 'Request could not be verified',
  not_found: 'Not found',
  conflict: 'Conflict',
  invalid_token: 'Link not valid',
  invalid_code: 'Code not valid',
  account_locked: 'Account temporarily locked',
  rate_limited: 'Too many requests',
  payload_too_large: 'Request too large',
  unsupported_media_type: 'Unsupported media type',
  unavailable: 'Service unavailable',
  internal: 'Something went wrong',
};

/** Turns anything thrown into an AppError; framework errors become clear 4xx answers. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fe = error as Partial<FastifyError> & { statusCode?: number };
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is larger than this server accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('bad_request', 'The JSON body is empty; send {} when there is nothing to say');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('bad_request', 'The Content-Length header does not match the body');
    case 'FST_ERR_BAD_URL':
      return new AppError('bad_request', 'The address is not valid: check its percent-escapes');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('bad_request', 'A part of the address is too long');
  }
  if (error instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new AppError('bad_request', 'The body is not valid JSON');
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError('bad_request', 'The request could not be understood');
  }
  return new AppError('internal', 'Something went wrong on our side. Please try again.');
}

function operationOutcome(e: AppError) {
  const code: Record<number, string> = {
    400: 'invalid',
    401: 'login',
    403: 'forbidden',
    404: 'not-found',
    409: 'conflict',
    413: 'too-costly',
    429: 'throttled',
  };
  return {
    resourceType: 'OperationOutcome',
    issue: (e.details.errors?.length ? e.details.errors : [{ path: '', message: e.message }]).map((fe) => ({
      severity: 'error',
      code: code[e.status] ?? 'exception',
      diagnostics: fe.message,
      ...(fe.path ? { expression: [fe.path] } : {}),
    })),
  };
}

/** The one place where errors meet the wire. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const e = toAppError(error);
  if (e.status >= 500) {
    // Only the error's kind and stack: database errors can carry row values (PHI) in
    // their detail and parameters, so those never reach the log.
    // The stack's first line is the message, which may quote an input value: drop it.
    const err = error as { name?: string; code?: string; stack?: string };
    const frames = err?.stack?.split('\n').slice(1).join('\n');
    request.log.error({ errName: err?.name, errCode: err?.code, stack: frames }, 'request failed');
  }
  if (e.details.retryAfterSeconds) reply.header('retry-after', String(e.details.retryAfterSeconds));
  reply.code(e.status);
  if (request.url.startsWith('/fhir')) {
    return reply.type('application/fhir+json').send(operationOutcome(e));
  }
  return reply.type('application/problem+json').send({
    type: `https://accompany.dev/problems/${e.kind.replace(/_/g, '-')}`,
    title: titles[e.kind] ?? 'Error',
    status: e.status,
    detail: e.message,
    code: e.kind,
    requestId: request.id,
    ...(e.details.errors ? { errors: e.details.errors } : {}),
    ...e.details.extra,
  });
}
