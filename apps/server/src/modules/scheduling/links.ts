import type { Keyring } from '../../platform/crypto/tokens.js';
import { safeEqual } from '../../platform/crypto/tokens.js';

// Signed links in mail (confirm, cancel, add to calendar) act on one appointment without signing
// in. The token names the appointment and an expiry and is signed with the application key; it
// grants nothing else, and it stops working when the visit is over.

export type LinkPurpose = 'manage' | 'offer';

export interface LinkClaims {
  purpose: LinkPurpose;
  id: string;
  expiresAt: number;
}

export function signLink(keyring: Keyring, claims: LinkClaims): string {
  const body = `${claims.purpose}|${claims.id}|${claims.expiresAt}`;
  return Buffer.from(`${body}|${keyring.sign(`link:${body}`)}`).toString('base64url');
}

/** The claims of a valid, unexpired token for `purpose`; null otherwise. */
export function verifyLink(
  keyring: Keyring,
  token: string,
  purpose: LinkPurpose,
  now: Date,
): LinkClaims | null {
  const parts = Buffer.from(token, 'base64url').toString('utf8').split('|');
  if (parts.length !== 4) return null;
  const [p, id, expires, signature] = parts as [string, string, string, string];
  if (!safeEqual(signature, keyring.sign(`link:${p}|${id}|${expires}`))) return null;
  const expiresAt = Number(expires);
  if (p !== purpose || !Number.isFinite(expiresAt) || expiresAt <= now.getTime()) return null;
  return { purpose: p, id, expiresAt };
}
