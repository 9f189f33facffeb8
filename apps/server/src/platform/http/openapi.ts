import { z } from 'zod';
import type { AnyRoute } from './route.js';

/** Builds /api/openapi.json from the same zod schemas that check every request. */
export class OpenApiRegistry {
  private readonly routes: AnyRoute[] = [];

  add(route: AnyRoute) {
    this.routes.push(route);
  }

  document(info: { title: string; version: string; serverUrl: string }) {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const parameters = [...this.parameters(r.params, 'path'), ...this.parameters(r.query, 'query')];
      const status = String(r.status ?? (r.response ? 200 : 204));
      const operation: Record<string, unknown> = {
        summary: r.summary,
        tags: r.tags,
        ...(parameters.length ? { parameters } : {}),
        ...(r.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: toSchema(r.body, 'input') } },
              },
            }
          : {}),
        responses: {
          [status]: r.response
            ? {
                description: 'OK',
                content: { 'application/json': { schema: toSchema(r.response, 'output') } },
              }
            : { description: 'Done' },
          ...(r.limitAnonymous
            ? {
                '429': {
                  description:
                    'Too many requests from this address without a signed-in session (see Retry-After)',
                  headers: { 'Retry-After': { schema: { type: 'integer' } } },
                  content: {
                    'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
                  },
                },
              }
            : {}),
          default: {
            description: 'A problem (RFC 9457)',
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        },
        security: r.access === 'public' ? [] : [{ session: [] }],
        'x-access': r.access,
      };
      (paths[path] ??= {})[r.method.toLowerCase()] = operation;
    }
    return {
      openapi: '3.1.0',
      info: { title: info.title, version: info.version },
      servers: [{ url: info.serverUrl }],
      paths,
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'accompany_session',
            description:
              'Session cookie; non-GET requests also send the x-csrf-token header from GET /api/session.',
          },
        },
        schemas: {
          Problem: {
            type: 'object',
            required: ['type', 'title', 'status', 'code'],
            properties: {
              type: { type: 'string' },
              title: { type: 'string' },
              status: { type: 'integer' },
              detail: { type: 'string' },
              code: { type: 'string' },
              requestId: { type: 'string' },
              errors: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { path: { type: 'string' }, message: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    };
  }

  private parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
    if (!schema) return [];
    const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, s]) => ({
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      schema: s,
    }));
  }
}

function toSchema(schema: z.ZodType, io: 'input' | 'output') {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}
