import type { PrerecordedAudit } from '../audit/prerecorded.js';
import type { Role } from '@accompany/contracts';
import type { Tx } from '../db/database.js';

/** Who is acting. Services authorize against it; the audit trail records it. */
export interface Actor {
  userId: string;
  role: Role;
  patientId: string | null;
}

/** Where a request came from; kept in audit records, never in logs. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
}

/** A third-party app acting through a SMART grant (alone for backend services, else for the actor). */
export interface AppActor {
  clientId: string;
  grantId: string;
}

/** What every service call works within: one tenant transaction and one actor. */
export interface Scope {
  tx: Tx;
  tenant: Tenant;
  actor: Actor | null;
  meta: RequestMeta;
  /** Set when the request came through a SMART access token: audit records name the app. */
  app?: AppActor | null;
  /**
   * When set, audit records are queued here as statements instead of being sent one by one;
   * the transaction sends them in the same message as its COMMIT, so they are still written in
   * the transaction whose access they record (see db/tenant-pipeline.ts).
   */
  auditWithCommit?: string[];
  /**
   * Audit records the request's first message already wrote, on a guess (see
   * audit/prerecorded.ts): `audit` skips a record found here, and uses it up.
   */
  prerecorded?: PrerecordedAudit[];
}

export const isStaff = (role: Role) => role !== 'patient';
