import type { FastifyInstance, FastifyReply } from 'fastify';

type HeaderValue = string | number | string[];

/**
 * The door's answers carry the security headers of every other route, computed once. The helmet
 * plugin builds its middleware anew for each request (tens of microseconds, a few per cent of a
 * read); the door's routes skip that and send the headers helmet itself set on the door's first
 * request: same configuration, same headers.
 */
export function sendSecurityHeadersOnce(app: FastifyInstance): void {
  let captured: [string, HeaderValue][] | null = null;
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), helmet: { skipRoute: true } } as typeof route.config;
  });
  app.addHook('onRequest', (_request, reply, done) => {
    if (captured) {
      for (const [name, value] of captured) reply.raw.setHeader(name, value);
      return done();
    }
    const helmet = (reply as FastifyReply & { helmet?: () => void }).helmet;
    if (typeof helmet !== 'function') return done();
    const before = new Set(reply.raw.getHeaderNames());
    helmet.call(reply);
    captured = reply.raw
      .getHeaderNames()
      .filter((name) => !before.has(name))
      .map((name) => [name, reply.raw.getHeader(name) as HeaderValue]);
    done();
  });
}
