import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform/platform.js';
import { AppError } from '../../platform/errors.js';
import { sendError } from '../../platform/http/problem.js';
import { AUTH_PREFIX, type SmartProviders } from './provider.js';
import { originOf } from './smart.routes.js';
import { smartConfiguration } from './smart-configuration.js';
import {
  isThrottledEndpoint,
  rememberClientAddress,
  throttledBody,
  type OAuthThrottle,
} from './oauth-throttle.js';

/**
 * Serves the OAuth server (oidc-provider, a Koa app) under AUTH_PREFIX. Its routes get no
 * body parser: oidc-provider reads the raw form body itself. The Koa app sees paths relative
 * to the prefix and works out its own URLs from `originalUrl`.
 */
export async function mountSmartAuthorization(
  app: FastifyInstance,
  platform: Platform,
  providers: SmartProviders,
  throttle: OAuthThrottle,
) {
  // Discovery is public and takes no input: any query string is ignored, as a discovery
  // document must be served to whatever a client appends.
  app.get('/fhir/R4/.well-known/smart-configuration', async (request, reply) => {
    await platform.tenants.resolve(request.hostname);
    // Named after the host asked: never kept by shared caches.
    return reply.header('cache-control', 'no-store').send(smartConfiguration(originOf(request)));
  });
  await app.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    // Leave the body unread for oidc-provider.
    scoped.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scoped.route({
      method: ['GET', 'POST', 'OPTIONS', 'HEAD'],
      url: `${AUTH_PREFIX}/*`,
      handler: async (request, reply) => {
        let callback;
        const path = (request.raw.url ?? '').slice(AUTH_PREFIX.length);
        try {
          const tenant = await platform.tenants.resolve(request.hostname);
          if (isThrottledEndpoint(request.method, path)) {
            const wait = throttle.waitFor(tenant.id, request.ip);
            if (wait !== null)
              return reply
                .code(429)
                .header('retry-after', String(wait))
                .header('cache-control', 'no-store')
                .type('application/json')
                .send(throttledBody());
          }
          const provider = await providers.get(tenant, originOf(request));
          callback = provider.callback();
        } catch (error) {
          return sendError(
            error instanceof AppError
              ? error
              : new AppError('unavailable', 'Sign-in for apps is unavailable'),
            request,
            reply,
          );
        }
        const raw = request.raw as typeof request.raw & { originalUrl?: string };
        raw.originalUrl = raw.url;
        rememberClientAddress(raw, request.ip);
        raw.url = (raw.url ?? '').slice(AUTH_PREFIX.length) || '/';
        reply.hijack();
        reply.raw.setHeader('cache-control', 'no-store');
        reply.raw.setHeader('x-request-id', request.id);
        await callback(raw, reply.raw);
      },
    });
  });
}
