import type { Db } from '../platform/db/database.js';
import { executePrepared } from '../platform/db/statements.js';
import type { RequestMeta } from '../platform/http/context.js';
import type { BearerLookup } from './smart/grant.js';
import { scopeAllows } from './smart/scopes.js';
import { smartActor } from './smart/verify-bearer.js';
import type { RememberedToken } from './token-reach.js';
import type { PrerecordedAudit } from '../platform/audit/prerecorded.js';

/** A token this close to expiring is verified the long way (two round trips). */
const EXPIRY_MARGIN_MS = 10_000;

const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** The rows a read's first message brought back, whichever way it was sent. */
export interface OpenedRead {
  /** The token's lookup row (none: the token is not live). */
  tokenRows: unknown[];
  /** The resource's current row (none: no such resource). */
  resourceRows: unknown[];
  /** The audit record written on the guess, as written. */
  recorded: PrerecordedAudit[];
}

/**
 * A read by id in one round trip, for a token seen before. The read's audit record has to be
 * committed before the resource is sent, and the server decides whether the token may read it
 * only once the token's lookup and the resource row are back: two round trips. This one statement
 * looks the token up, fetches the row and writes the record the read will need, built on the last
 * verdict on the same token (TokenReach), but only where that verdict must hold again: the token
 * still live with the same fingerprint (same client, grant, scopes and patient), its scopes
 * (checked here, before sending) allowing reads of the type, and the resource present, not
 * deleted and inside the token's compartment. The message then ends with COMMIT.
 *
 * The server still verifies the token and the read from the rows as on any request; the record
 * written here counts only if it is exactly the record the read then asks for
 * (platform/audit/prerecorded.ts). Any other record the request needs (a refusal, a token
 * verified differently) is written in a second transaction before anything is sent.
 *
 * Null when the guess cannot be made: the lookup and the fetch then travel as usual.
 */
export function readWithRecordStatement(
  db: Db,
  lookup: BearerLookup,
  read: {
    tenantId: string;
    token: string;
    remembered: RememberedToken;
    meta: RequestMeta;
    resourceType: string;
    id: string;
  },
): string | null {
  const { remembered, resourceType } = read;
  if (remembered.expiresAt <= Date.now() + EXPIRY_MARGIN_MS) return null;
  if (!scopeAllows(remembered.grant.scopes, resourceType, 'read')) return null;
  const tokenQuery = lookup.query(db, read.token);
  if (!tokenQuery) return null;
  const { actor } = smartActor(remembered.grant);
  // The lookup's own parameters come first, so its text goes in unchanged. Its columns and the
  // resource's share no name, so one row carries both (each null when not found).
  const k = tokenQuery.parameters.length;
  const $ = (n: number) => `$${k + n}`;
  const sql = `with l as (${tokenQuery.sql}),
    r as (select resource_type, id, version, last_updated, deleted, content, compartments
      from fhir_resources where resource_type = ${$(9)}::text and id = ${$(10)}::text),
    rec as (insert into audit_events (tenant_id, actor_id, actor_role, actor_client_id, patient_id,
        action, object_type, object_id, outcome, ip, user_agent, request_id)
      select ${$(1)}::uuid, ${$(2)}::uuid, ${$(3)}::text, ${$(4)}::text,
        coalesce((select c.v::uuid from unnest(r.compartments) with ordinality as c(v, n)
          where c.v ~* '${UUID_PATTERN}' order by c.n limit 1),
          case when ${$(5)}::text ~* '${UUID_PATTERN}' then ${$(5)}::text::uuid end),
        'read', 'fhir:' || r.resource_type, r.id, 'success', ${$(6)}::text, ${$(7)}::text, ${$(8)}::text
      from r
      where not r.deleted and (${$(5)}::text is null or ${$(5)}::text = any(r.compartments))
        and exists (select from l where l.fingerprint = ${$(11)}::text)
      returning actor_id, actor_role, actor_client_id, patient_id, action, object_type, object_id, outcome)
    select l.*, r.*, (select to_jsonb(rec) from rec) as recorded
    from (select) as one left join l on true left join r on true`;
  return executePrepared({
    sql,
    parameters: [
      ...tokenQuery.parameters,
      read.tenantId,
      actor?.userId ?? null,
      actor?.role ?? null,
      remembered.grant.clientId,
      remembered.patientId,
      read.meta.ip,
      read.meta.userAgent?.slice(0, 400) ?? null,
      read.meta.requestId,
      resourceType,
      read.id,
      remembered.fingerprint,
    ],
  });
}

/** The rows of readWithRecordStatement, parted. */
export function openedRead(rows: unknown[]): OpenedRead {
  const row = rows[0] as { model: unknown; resource_type: unknown; recorded: PrerecordedAudit | null };
  return {
    tokenRows: row.model === null ? [] : [row],
    resourceRows: row.resource_type === null ? [] : [row],
    recorded: row.recorded ? [row.recorded] : [],
  };
}
