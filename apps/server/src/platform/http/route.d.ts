import type { Role } from '@accompany/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type SessionRecord } from '../auth/sessions.js';
import type { Platform } from '../platform.js';
import { type RequestMeta, type Scope } from './context.js';
import type { OpenApiRegistry } from './openapi.js';
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
    body?: B;
    query?: Q;
    params?: P;
    response?: z.ZodType;
    status?: number;
    handler: (input: {
        body: Out<B>;
        query: Out<Q>;
        params: Out<P>;
    }, ctx: HandlerContext) => Promise<unknown>;
}
export interface HandlerContext {
    scope: Scope;
    session: SessionRecord | null;
    request: FastifyRequest;
    reply: FastifyReply;
    platform: Platform;
}
export declare const NO_CONTENT: unique symbol;
export declare function requestMeta(request: FastifyRequest): RequestMeta;
export declare function defineRoute<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(spec: RouteSpec<B, Q, P>): RouteSpec<B, Q, P>;
export type AnyRoute = RouteSpec<any, any, any>;
export declare function registerRoutes(app: FastifyInstance, platform: Platform, registry: OpenApiRegistry, routes: AnyRoute[]): void;
export {};
