import { type FastifyInstance } from 'fastify';
import type { Runtime } from './platform/runtime.js';
import { type FhirDoorOptions } from './fhir/fhir.routes.js';
export declare const webDist: string;
/** Assembles the HTTP application on a started runtime. */
export declare function buildApp(runtime: Runtime, options?: {
    serveWeb?: boolean;
    fhir?: FhirDoorOptions;
}): Promise<FastifyInstance>;
