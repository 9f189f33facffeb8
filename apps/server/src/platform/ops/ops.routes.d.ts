import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform.js';
/** Liveness, readiness and metrics: outside the tenant and session machinery on purpose. */
export declare function registerOpsRoutes(app: FastifyInstance, platform: Platform): void;
