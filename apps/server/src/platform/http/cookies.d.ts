import type { FastifyReply, FastifyRequest } from 'fastify';
/**
 * Cookie names. With Secure on, the __Host- prefix pins a cookie to this exact origin
 * (no Domain, Path=/), which a sibling subdomain cannot overwrite.
 */
export declare class CookieJar {
    private readonly secure;
    readonly session: string;
    readonly csrf: string;
    readonly challenge: string;
    constructor(secure: boolean);
    read(request: FastifyRequest, name: string): string | undefined;
    set(reply: FastifyReply, name: string, value: string, maxAgeSeconds?: number): void;
    clear(reply: FastifyReply, name: string): void;
}
