import { indexedParams } from './search/extract.js';
import { RESOURCE_TYPES } from './resource-types.js';
import type { CapabilityStatement } from './types.js';

/** What the door really does, built from the same registry the search code uses. */
export function capabilityStatement(base: string, smart: boolean): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-24',
    kind: 'instance',
    software: { name: 'Accompany', version: '0.1.0' },
    implementation: { description: 'Accompany FHIR R4 server', url: base },
    fhirVersion: '4.0.1',
    format: ['json', 'application/fhir+json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          ...(smart
            ? {
                // Where a SMART app finds the authorization server (also in .well-known/smart-configuration).
                extension: [
                  {
                    url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
                    extension: [
                      { url: 'authorize', valueUri: `${base}/auth/authorize` },
                      { url: 'token', valueUri: `${base}/auth/token` },
                      { url: 'introspect', valueUri: `${base}/auth/introspect` },
                      { url: 'revoke', valueUri: `${base}/auth/revoke` },
                    ],
                  },
                ],
                service: [
                  {
                    coding: [
                      {
                        system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                        code: 'SMART-on-FHIR',
                      },
                    ],
                  },
                ],
              }
            : {}),
          description: smart ? 'Session cookie or SMART on FHIR bearer token' : 'Session cookie',
        },
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
        resource: RESOURCE_TYPES.map((type) => ({
          type,
          versioning: 'versioned',
          readHistory: true,
          updateCreate: true,
          conditionalCreate: true,
          conditionalUpdate: true,
          conditionalDelete: 'not-supported',
          interaction: (
            [
              'read',
              'vread',
              'update',
              'patch',
              'delete',
              'history-instance',
              'history-type',
              'create',
              'search-type',
            ] as const
          ).map((code) => ({ code })),
          searchInclude: indexedParams(type)
            .filter((p) => p.type === 'reference')
            .map((p) => `${type}:${p.code}`),
          searchParam: [
            { name: '_id', type: 'token' as const },
            { name: '_lastUpdated', type: 'date' as const },
            ...indexedParams(type).map((p) => ({
              name: p.code,
              definition: p.url,
              type: p.type,
              ...(p.description ? { documentation: p.description.slice(0, 300) } : {}),
            })),
          ],
          ...(type === 'Patient'
            ? {
                operation: [
                  {
                    name: 'everything',
                    definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything',
                  },
                ],
              }
            : {}),
          ...(type === 'Appointment'
            ? {
                // The Argonaut Scheduling operations; free Slots are computed and offered by $find.
                operation: ['find', 'hold', 'book'].map((name) => ({
                  name,
                  definition: `http://fhir.org/guides/argonaut-scheduling/OperationDefinition/appointment-${name}`,
                })),
              }
            : {}),
        })),
      },
    ],
  };
}
