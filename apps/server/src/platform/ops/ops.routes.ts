import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Platform } from '../platform.js';
import { pendingMigrations } from '../db/migrations.js';
import { safeEqual } from '../crypto/tokens.js';
import { metricsContentType, metricsText } from './metrics.js';

/** Liveness, readiness and metrics: outside the tenant and session machinery on purpose. */
export function registerOpsRoutes(app: FastifyInstance, platform: Platform) {
  app.get('/healthz', async (_req, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );

  app.get('/readyz', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await sql`select 1`.execute(platform.db);
      const pending = await pendingMigrations(platform.db);
      if (pending.length) return reply.code(503).send({ status: 'migrations_pending', pending });
      return reply.send({ status: 'ready', database: platform.dbKind });
    } catch {
      return reply.code(503).send({ status: 'database_unreachable' });
    }
  });

  app.get('/metrics', async (request, reply) => {
    const token = platform.config.metricsToken;
    if (token) {
      const auth = request.headers.authorization ?? '';
      if (!safeEqual(auth, `Bearer ${token}`)) return reply.code(401).send('unauthorized');
    }
    return reply.header('content-type', metricsContentType).send(await metricsText());
  });
}
