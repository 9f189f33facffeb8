import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import type { SmartGrant } from '../src/fhir/smart/grant.js';
import { TestClient, type Res, type TestServer } from './harness.js';

/** FHIR JSON as the tests read it: loosely, by path. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/**
 * Test grants: a bearer token here is the JSON of the grant it stands for. This is the seam
 * the SMART authorization server plugs its real verifier into; the FHIR door cannot tell.
 */
export const grantToken = (grant: SmartGrant) => Buffer.from(JSON.stringify(grant)).toString('base64url');

export async function fhirAppWithGrants(server: TestServer): Promise<FastifyInstance> {
  const app = await buildApp(server.runtime, {
    serveWeb: false,
    fhir: {
      verifyBearer: async (tenantId, token) => {
        try {
          const grant = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as SmartGrant;
          return grant.tenantId === tenantId ? grant : null;
        } catch {
          return null;
        }
      },
    },
  });
  await app.ready();
  return app;
}

/** FHIR calls through a signed-in TestClient (cookie + CSRF) or with a bearer token. */
export class FhirClient {
  constructor(
    readonly http: TestClient,
    private readonly bearer?: string,
  ) {}

  async call<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res<T>> {
    if (!this.bearer && method !== 'GET' && !this.http.csrf) await this.http.refreshSession();
    return this.http.request<T>(
      method,
      `/fhir/R4${path}`,
      typeof body === 'string' || body === undefined ? body : JSON.stringify(body),
      {
        ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
    );
  }
  get<T = Json>(path: string, headers?: Record<string, string>) {
    return this.call<T>('GET', path, undefined, headers);
  }
  post<T = Json>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.call<T>('POST', path, body, headers);
  }
  put<T = Json>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.call<T>('PUT', path, body, headers);
  }
}
