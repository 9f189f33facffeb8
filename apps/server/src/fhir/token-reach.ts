import { createHash } from 'node:crypto';
import type { SmartGrant } from './smart/grant.js';

/** What the last verification of a bearer token found. */
export interface RememberedToken {
  /** The compartment it reached: a patient id, or null for the whole tenant. */
  patientId: string | null;
  grant: SmartGrant;
  /** The lookup's fingerprint of the grant (see grants.repository.ts). */
  fingerprint: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * What each recently seen bearer token was verified to be, so that a request can send along
 * with the token's lookup statements built for that verdict: a search built for the token's
 * compartment, the audit records of a read or search (see early-record.ts). Only a guess of which statements to
 * send: the token is verified on every request as always, and what was sent on the guess is used
 * only when the verdict is the one guessed. Keyed by the token's hash; bounded, forgetting
 * everything when full (a miss costs one round trip, nothing else).
 */
export class TokenReach {
  private readonly known = new Map<string, RememberedToken>();
  constructor(private readonly capacity = 10_000) {}

  /** What a token is known by here (compute it once per request). */
  static keyOf(token: string) {
    return createHash('sha256').update(token).digest('base64url');
  }

  remember(key: string, token: RememberedToken) {
    if (this.known.get(key)?.fingerprint === token.fingerprint) return;
    if (this.known.size >= this.capacity) this.known.clear();
    this.known.set(key, token);
  }

  /** The last verdict on this token; undefined when not seen. */
  recall(key: string): RememberedToken | undefined {
    return this.known.get(key);
  }
}
