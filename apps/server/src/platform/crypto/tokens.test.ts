import { describe, expect, it } from 'vitest';
import { hashToken, Keyring, randomToken, safeEqual } from './tokens.js';
import { hashPassword, verifyPassword } from './passwords.js';

describe('tokens', () => {
  it('makes distinct URL-safe tokens and stable hashes', () => {
    const a = randomToken();
    const b = randomToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toBe(hashToken(b));
  });

  it('compares in constant time and handles different lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });

  it('seals and opens secrets, and rejects tampering or another key', () => {
    const ring = new Keyring('x'.repeat(32));
    const sealed = ring.encrypt('JBSWY3DPEHPK3PXPJBSWY3DP');
    expect(sealed).not.toContain('JBSWY3DP');
    expect(ring.decrypt(sealed)).toBe('JBSWY3DPEHPK3PXPJBSWY3DP');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => ring.decrypt(parts.join('.'))).toThrow();
    expect(() => new Keyring('y'.repeat(32)).decrypt(sealed)).toThrow();
  });
});

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'wrong horse battery')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
