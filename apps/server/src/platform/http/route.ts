import type { Role } from '@accompany/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { inTenant } from '../db/database.js';
import { AppError } from '../errors.js';
import { safeEqual } from '../crypto/tokens.js';
import { findSession, type SessionRecord } from '../auth/sessions.js';
import type { Platform } from '../platform.js';
import { isStaff, type RequestMeta, type Scope } from './context.js';
import { validationError } from './problem.js';
import type { OpenApiRegistry } from './openapi.js';
import { AddressLimiter } from './address-limiter.js';

export type Access = 'public' | 'signed_in' | readonly Role[];

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<B, Q, P> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  access: Access;
  /** The one route a half-signed-in session (password given, code not yet) may use. */
  totpPending?: boolean;
  /**
   * A public route that costs real work (a search): requests without a signed-in session are
   * limited per client address to PUBLIC_REQUEST_LIMIT a minute.
   */
  limitAnonymous?: boolean;
  body?: B;
  query?: Q;
  params?: P;
  response?: z.ZodType;
  status?: number;
  handler: (input: { body: Out<B>; query: Out<Q>; params: Out<P> }, ctx: HandlerContext) => Promise<unknown>;
}

export interface HandlerContext {
  scope: Scope;
  session: SessionRecord | null;
  request: FastifyRequest;
  reply: FastifyReply;
  platform: Platform;
}

export const NO_CONTENT = Symbol('no content');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Where the first NUL character is (in a string or a key), or null. PostgreSQL text cannot store it. */
function nulPath(value: unknown): string | null {
  // Iterative: a body may nest thousands of levels deep.
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\0')) return path;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        if (k.includes('\0')) return at;
        stack.push([child, at]);
      }
    }
  }
  return null;
}

function parse<S extends z.ZodType | undefined>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
) {
  const nul = nulPath(value);
  if (nul !== null) {
    throw new AppError('validation_failed', `Some of what was sent is not valid (${where})`, {
      errors: [{ path: nul || where, message: 'Text cannot contain the NUL character' }],
    });
  }
  if (!schema) {
    // An empty array is still a body: only nothing, null or {} means "no input".
    const isEmptyObject =
      typeof value === 'object' && !Array.isArray(value) && Object.keys(value ?? {}).length === 0;
    const empty = value === undefined || value === null || isEmptyObject;
    if (!empty && where !== 'params')
      throw new AppError('validation_failed', `This request takes no ${where}`);
    return undefined as Out<S>;
  }
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) throw validationError(result.error, where);
  return result.data as Out<S>;
}

export function requestMeta(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua : null, requestId: request.id };
}

/** CSRF: same-origin check plus a token bound to the session (or, signed out, to a cookie). */
function checkCsrf(request: FastifyRequest, session: SessionRecord | null, platform: Platform) {
  const origin = request.headers.origin;
  if (origin) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== request.host) throw new AppError('csrf_failed', 'This request came from another site');
  }
  const sent = request.headers['x-csrf-token'];
  const expected = session ? session.csrfToken : platform.cookies.read(request, platform.cookies.csrf);
  if (typeof sent !== 'string' || !expected || !safeEqual(sent, expected)) {
    throw new AppError('csrf_failed', 'The page is out of date. Reload it and try again.');
  }
}

function authorize(spec: { access: Access; totpPending?: boolean }, session: SessionRecord | null) {
  if (spec.totpPending) {
    if (session?.stage !== 'totp_pending')
      throw new AppError('unauthenticated', 'Sign in with your password first');
    return;
  }
  if (spec.access === 'public') return;
  if (!session || session.stage !== 'active') throw new AppError('unauthenticated', 'Please sign in');
  if (spec.access === 'signed_in') return;
  if (!spec.access.includes(session.user.role))
    throw new AppError('forbidden', 'Your role does not allow this');
  if (isStaff(session.user.role) && !session.user.totpEnabled) {
    throw new AppError(
      'totp_enrolment_required',
      'Set up two-factor authentication to use the staff console',
    );
  }
}

export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<B, Q, P>) {
  return spec;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any>;

/** One count per process for every limited route, whichever module registered it. */
const anonymousLimiters = new WeakMap<Platform, AddressLimiter>();
function anonymousLimiter(platform: Platform) {
  let limiter = anonymousLimiters.get(platform);
  if (!limiter) {
    limiter = new AddressLimiter(platform.config.publicRequestLimit, 60_000);
    anonymousLimiters.set(platform, limiter);
  }
  return limiter;
}

function limitAnonymous(platform: Platform, tenantId: string, meta: RequestMeta) {
  const wait = anonymousLimiter(platform).take(`${tenantId} ${meta.ip ?? ''}`);
  if (wait !== null)
    throw new AppError('rate_limited', 'Too many requests from this address. Please wait a moment.', {
      retryAfterSeconds: wait,
    });
}

export function registerRoutes(
  app: FastifyInstance,
  platform: Platform,
  registry: OpenApiRegistry,
  routes: AnyRoute[],
) {
  for (const spec of routes) {
    registry.add(spec);
    app.route({
      method: spec.method,
      url: spec.url,
      handler: async (request, reply) => {
        const tenant = await platform.tenants.resolve(request.hostname);
        const token = platform.cookies.read(request, platform.cookies.session);
        const meta = requestMeta(request);
        const result = await inTenant(platform.db, tenant.id, async (tx) => {
          const session = token ? await findSession(tx, token) : null;
          if (token && !session) platform.cookies.clear(reply, platform.cookies.session);
          if (!SAFE_METHODS.has(spec.method)) checkCsrf(request, session, platform);
          authorize(spec, session);
          const active = session?.stage === 'active' ? session : null;
          if (spec.limitAnonymous && !active) limitAnonymous(platform, tenant.id, meta);
          // Input is checked after authorization, so a stranger learns nothing of a route's
          // fields; a bad input throws here and the transaction writes nothing.
          const params = parse(spec.params, request.params, 'params');
          const query = parse(spec.query, request.query, 'query');
          const body = parse(spec.body, request.body, 'body');
          const scope: Scope = {
            tx,
            tenant,
            actor: active
              ? { userId: active.user.id, role: active.user.role, patientId: active.user.patientId }
              : null,
            meta,
          };
          return spec.handler({ body, query, params }, { scope, session, request, reply, platform });
        });
        reply.header('cache-control', 'no-store');
        if (result === NO_CONTENT) return reply.code(204).send();
        return reply.code(spec.status ?? 200).send(result);
      },
    });
  }
}
