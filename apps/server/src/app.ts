import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { Runtime } from './platform/runtime.js';
import { AppError } from './platform/errors.js';
import { sendError } from './platform/http/problem.js';
import { OpenApiRegistry } from './platform/http/openapi.js';
import { registerRoutes } from './platform/http/route.js';
import { registerOpsRoutes } from './platform/ops/ops.routes.js';
import { instrument } from './platform/ops/metrics.js';
import { authRoutes } from './modules/accounts/auth.routes.js';
import { meRoutes } from './modules/accounts/me.routes.js';
import { staffRoutes } from './modules/staff/staff.routes.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { fhirDoor, FHIR_PREFIX, type FhirDoorOptions } from './fhir/fhir.routes.js';
import { createSmartAuthorization, smartRoutes } from './fhir/smart/index.js';
import { schedulingFhirOperations } from './modules/scheduling/fhir/operations.js';
import { directoryRoutes } from './modules/directory/directory.routes.js';
import { schedulingRoutes } from './modules/scheduling/scheduling.routes.js';
import { scheduleStaffRoutes } from './modules/scheduling/schedule-staff.routes.js';
import { billingRoutes } from './modules/billing/billing.routes.js';
import { payLinkRoutes } from './modules/billing/pay-link.routes.js';
import { billingConsoleRoutes } from './modules/billing/console.routes.js';
import { registerStripeWebhook } from './modules/billing/stripe-webhook.routes.js';
import { registerSandboxGateway } from './platform/payments/sandbox-gateway.routes.js';
import { contentSecurityDirectives } from './platform/http/content-security.js';
import { paymentConfigRoutes } from './modules/billing/payment-config.routes.js';

export const webDist = join(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Assembles the HTTP application on a started runtime. */
export async function buildApp(
  runtime: Runtime,
  options: { serveWeb?: boolean; fhir?: FhirDoorOptions } = {},
): Promise<FastifyInstance> {
  const { platform } = runtime;
  const { config } = platform;
  const app = Fastify({
    loggerInstance: platform.log.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
    // Log lines carry the method, the route pattern and ids; never bodies or query strings.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A malformed or over-long path is answered by the router itself: give it the one error shape.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
  });
  // JSON only. Fastify's built-in text/plain parser would hand the schemas a string, and the
  // client would get a confusing "expected object" instead of 415 "send application/json".
  app.removeContentTypeParser('text/plain');

  // Hooks that do not wait for anything take Fastify's callback: no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
    done();
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: { directives: contentSecurityDirectives(config) },
    hsts: config.publicUrl.startsWith('https') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  instrument(app);

  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));

  registerOpsRoutes(app, platform);
  const registry = new OpenApiRegistry();
  registerRoutes(app, platform, registry, [
    ...authRoutes,
    ...meRoutes,
    ...staffRoutes,
    ...systemRoutes(runtime.mailer),
    ...smartRoutes,
    ...directoryRoutes,
    ...schedulingRoutes,
    ...scheduleStaffRoutes,
    ...billingRoutes,
    ...payLinkRoutes,
    ...billingConsoleRoutes,
    ...paymentConfigRoutes,
  ]);
  // SMART App Launch: the OAuth server under /fhir/R4/auth; smart.verifyBearer checks FHIR bearer tokens.
  const smart = createSmartAuthorization(platform);
  await smart.mount(app);
  await app.register(
    fhirDoor(platform, {
      verifyBearer: smart.verifyBearer,
      operations: schedulingFhirOperations(platform),
      ...options.fhir,
    }),
    {
      prefix: FHIR_PREFIX,
    },
  );
  registerSandboxGateway(app, platform);
  await registerStripeWebhook(app, platform);
  const openapi = registry.document({
    title: 'Accompany API',
    version: '0.1.0',
    serverUrl: config.publicUrl,
  });
  app.get('/api/openapi.json', async () => openapi);

  const serveWeb = options.serveWeb ?? existsSync(join(webDist, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      setHeaders: (res, path) => {
        const immutable = path.includes(`${join(webDist, 'assets')}`);
        res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isApi = path.startsWith('/api') || path.startsWith('/fhir');
    // A missing file (an old build's asset, a typo) is a 404, not the app shell: a stale
    // deploy then fails visibly instead of showing a blank page.
    const isFile = /\.[a-z0-9]+$/i.test(path);
    if (serveWeb && !isApi && !isFile && (request.method === 'GET' || request.method === 'HEAD')) {
      // The web app routes on the client: any other page path gets its shell.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendError(new AppError('not_found', `No route for ${request.method} ${path}`), request, reply);
  });
  return app;
}
