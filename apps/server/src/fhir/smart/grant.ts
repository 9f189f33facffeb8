import type { Db, Tx } from '../../platform/db/database.js';

/**
 * What a verified SMART access token stands for. The FHIR door authorizes every request made with
 * a bearer token from one of these: the tenant it belongs to, the patient compartment it is
 * confined to (patient-context tokens), and the scopes the patient or administrator granted.
 */
export interface SmartGrant {
  tenantId: string;
  /** The registered client (app or backend system). */
  clientId: string;
  /** The user who authorized the app; null for backend services (client credentials). */
  userId: string | null;
  /** The FHIR Patient id in context (equal to the portal's patients.id); null without patient context. */
  patientId: string | null;
  /** Granted scope strings as issued, e.g. `patient/Observation.rs`, `openid`, `fhirUser`. */
  scopes: string[];
  /** The authorization (grant) this token came from: audit rows and revocation refer to it. */
  grantId: string;
}

/**
 * Verifies a bearer token for a tenant: the grant when the token is live, null otherwise. A caller
 * already inside that tenant's transaction passes it, so the check runs on the same connection.
 */
export type BearerVerifier = ((tenantId: string, token: string, tx?: Tx) => Promise<SmartGrant | null>) & {
  /** The same check split in two, for a caller that sends the lookup with other statements. */
  lookup?: BearerLookup;
};

/**
 * A bearer check as one statement and the reading of its row: the FHIR door sends the statement
 * in its transaction's first message. The reading is the verifier's own, so both forms accept and
 * refuse the same tokens.
 */
export interface BearerLookup {
  /**
   * The lookup statement, its text the same for every token and the token's hash a parameter;
   * null when the value cannot be a token.
   */
  query(db: Db, token: string): { sql: string; parameters: readonly unknown[] } | null;
  /**
   * The grant the looked-up row stands for (null: refused), and the statement that notes the
   * grant's use when that is due (sent before the commit).
   */
  grantOf(tenantId: string, row: unknown): LookedUpGrant | null;
}

export interface LookedUpGrant {
  grant: SmartGrant;
  /** The statement noting the grant's use, when that is due. */
  touch: ((db: Db) => string) | null;
  /** Stands for everything the verdict was read from: the same fingerprint, the same grant. */
  fingerprint: string;
  /** When the token expires (epoch milliseconds). */
  expiresAt: number;
}
