import { createHash } from 'node:crypto';

/**
 * The compartment each recently seen bearer token reached (a patient id, or null for the whole
 * tenant), so that a search can be sent along with the token's lookup, built for that reach.
 * Only a guess of which statement to send: the token is verified on every request as always, and
 * the early rows are used only when the verified reach is the one guessed. Keyed by the token's
 * hash; bounded, forgetting everything when full (a miss costs one round trip, nothing else).
 */
export class TokenReach {
  private readonly reach = new Map<string, string | null>();
  constructor(private readonly capacity = 10_000) {}

  /** What a token is known by here (compute it once per request). */
  static keyOf(token: string) {
    return createHash('sha256').update(token).digest('base64url');
  }

  remember(key: string, patientId: string | null) {
    if (this.reach.get(key) === patientId) return;
    if (this.reach.size >= this.capacity) this.reach.clear();
    this.reach.set(key, patientId);
  }

  /** The reach last verified for this token; undefined when not seen. */
  recall(key: string): string | null | undefined {
    return this.reach.get(key);
  }
}
