import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';
/** Zod issues become field errors a form can show next to its inputs. */
export declare function validationError(error: z.ZodError, where: 'body' | 'query' | 'params'): AppError;
/** Turns anything thrown into an AppError; framework errors become clear 4xx answers. */
export declare function toAppError(error: unknown): AppError;
/** The one place where errors meet the wire. */
export declare function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply<import("fastify").RouteGenericInterface, import("fastify").RawServerDefault, import("http").IncomingMessage, import("http").ServerResponse<import("http").IncomingMessage>, unknown, import("fastify").FastifySchema, import("fastify").FastifyTypeProviderDefault, unknown>;
