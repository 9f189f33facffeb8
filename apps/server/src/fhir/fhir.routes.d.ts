import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform/platform.js';
import type { SmartGrant, BearerVerifier } from './smart/grant.js';
export declare const FHIR_PREFIX = '/fhir/R4';
/** Transaction bundles from an EHR are large; a bigger body than the app's JSON API takes. */
export declare const FHIR_BODY_LIMIT: number;
export interface FhirDoorOptions {
  /** Checks SMART access tokens; without it, requests bearing a token are refused (401). */
  verifyBearer?: BearerVerifier;
}
/** The FHIR R4 door: a Fastify plugin mounted at /fhir/R4 with its own parsers and error shape. */
export declare function fhirDoor(
  platform: Platform,
  options?: FhirDoorOptions,
): (app: FastifyInstance) => Promise<void>;
export type { SmartGrant, BearerVerifier };
