/** A random bearer secret (session, link, CSRF): 256 bits, URL-safe. */
export declare const randomToken: (bytes?: number) => string;
/** Bearer secrets are stored only as hashes, so a database leak cannot replay them. */
export declare const hashToken: (token: string) => string;
export declare function safeEqual(a: string, b: string): boolean;
/** Keys derived from the one application secret, one per purpose. */
export declare class Keyring {
    private readonly encryptionKey;
    private readonly signingKey;
    constructor(appSecret: string);
    /** AES-256-GCM; used for secrets we must read back (TOTP seeds). */
    encrypt(plain: string): string;
    decrypt(sealed: string): string;
    sign(data: string): string;
}
