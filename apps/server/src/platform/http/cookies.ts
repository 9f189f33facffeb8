import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Cookie names. With Secure on, the __Host- prefix pins a cookie to this exact origin
 * (no Domain, Path=/), which a sibling subdomain cannot overwrite.
 */
export class CookieJar {
  readonly session: string;
  readonly csrf: string;
  readonly challenge: string;

  constructor(private readonly secure: boolean) {
    const prefix = secure ? '__Host-' : '';
    this.session = `${prefix}accompany_session`;
    this.csrf = `${prefix}accompany_csrf`;
    this.challenge = `${prefix}accompany_webauthn`;
  }

  read(request: FastifyRequest, name: string): string | undefined {
    const value = request.cookies[name];
    return value && value.length <= 200 ? value : undefined;
  }

  set(reply: FastifyReply, name: string, value: string, maxAgeSeconds?: number) {
    reply.setCookie(name, value, {
      httpOnly: true,
      secure: this.secure,
      // Lax, not Strict: a link from an email must arrive signed in; cross-site POSTs still
      // carry no cookie, and the CSRF token covers the rest.
      sameSite: 'lax',
      path: '/',
      ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
    });
  }

  clear(reply: FastifyReply, name: string) {
    reply.clearCookie(name, { path: '/', secure: this.secure, httpOnly: true, sameSite: 'lax' });
  }
}
