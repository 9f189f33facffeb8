import type { FastifyInstance } from 'fastify';
/** Prometheus metrics: process defaults plus one histogram of HTTP requests by route. */
export declare function instrument(app: FastifyInstance): void;
export declare const metricsText: () => Promise<string>;
export declare const metricsContentType: "text/plain; version=0.0.4; charset=utf-8";
