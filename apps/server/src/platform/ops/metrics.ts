import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, register } from 'prom-client';

let defaultsOn = false;

/** Prometheus metrics: process defaults plus one histogram of HTTP requests by route. */
export function instrument(app: FastifyInstance) {
  if (!defaultsOn) {
    collectDefaultMetrics({ prefix: 'accompany_' });
    defaultsOn = true;
  }
  const duration =
    (register.getSingleMetric('accompany_http_request_duration_seconds') as
      Histogram<'method' | 'route' | 'status'> | undefined) ??
    new Histogram({
      name: 'accompany_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL: URLs can carry ids and tokens.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}

export const metricsText = () => register.metrics();
export const metricsContentType = register.contentType;
