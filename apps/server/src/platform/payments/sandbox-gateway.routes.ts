import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Platform } from '../platform.js';
import { AppError } from '../errors.js';
import { validationError } from '../http/problem.js';
import { hit } from '../auth/rate-limit.js';
import { inTenant } from '../db/database.js';
import { GatewayRejected } from './gateway.js';
import { gatewaysOf } from './gateways.js';

const CardBody = z.strictObject({
  number: z
    .string()
    .trim()
    .min(12)
    .max(23)
    .regex(/^[\d\s-]+$/, 'Digits only'),
  expMonth: z.number().int().min(1).max(12),
  expYear: z.number().int().min(2000).max(2100),
  cvc: z.string().regex(/^\d{3,4}$/, 'Three or four digits'),
});

/**
 * The sandbox gateway's tokenization endpoint, mounted beside the app the way a real
 * gateway's card form talks to the gateway's own servers: the card number goes here, a
 * token comes back, and /api only ever sees the token. It keeps nothing but the token.
 */
export function registerSandboxGateway(app: FastifyInstance, platform: Platform) {
  app.post('/sandbox-gateway/v1/tokens', async (request, reply) => {
    const parsed = CardBody.safeParse(request.body);
    if (!parsed.success) throw validationError(parsed.error, 'body');
    const tenant = await platform.tenants.resolve(request.hostname);
    await inTenant(platform.db, tenant.id, (tx) =>
      hit(tx, tenant.id, { bucket: `sandbox-tokens:${request.ip}`, max: 300, windowSeconds: 600 }),
    );
    const now = new Date();
    if (parsed.data.expYear * 12 + parsed.data.expMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
      throw new AppError('bad_request', 'The card has expired', {
        errors: [{ path: 'expYear', message: 'The card has expired' }],
      });
    }
    try {
      const card = await gatewaysOf(platform).sandbox.tokenize(tenant.id, parsed.data);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(card);
    } catch (error) {
      if (error instanceof GatewayRejected)
        throw new AppError('bad_request', error.message, {
          errors: [{ path: 'number', message: error.message }],
        });
      throw error;
    }
  });
}
