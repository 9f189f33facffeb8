import type { PrerecordedAudit } from '../platform/audit/prerecorded.js';
import { executePrepared, shiftParameters } from '../platform/db/statements.js';
import type { RequestMeta } from '../platform/http/context.js';
import { scopeAllows, type Interaction } from './smart/scopes.js';
import { smartActor } from './smart/verify-bearer.js';
import type { RememberedToken } from './token-reach.js';

/** A token this close to expiring is verified the long way (two round trips). */
const EXPIRY_MARGIN_MS = 10_000;

const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** What the door knows before the token is verified: the last verdict on it. */
export interface RecordGuess {
  tenantId: string;
  /** The token's lookup (BearerLookup.query). */
  tokenQuery: { sql: string; parameters: readonly unknown[] };
  remembered: RememberedToken;
  meta: RequestMeta;
}

/** What a route fetches early, and which of its rows a success would record. */
export interface EarlyFetch {
  interaction: Extract<Interaction, 'read' | 'search'>;
  resourceType: string;
  /** The fetch (alias f below): rows with the columns of fhir_resources' current rows. */
  query: { sql: string; parameters: readonly unknown[] };
  /** Which fetched rows the request answers with, as a condition on `f`. */
  answered: string;
  /** The fetch's order, as an expression list on `f` (its rows come back in it). */
  order?: string;
}

/**
 * A read or search in one round trip, for a token seen before. Its audit records have to be
 * committed before anything is sent, and the server decides whether the token may see the rows
 * only once the token's lookup and the rows are back: two round trips. This one statement looks
 * the token up, fetches the rows and writes the records the request will need, built on the last
 * verdict on the same token (TokenReach), but only where that verdict must hold again: the token
 * still live with the same fingerprint (same client, grant, scopes and patient), its scopes
 * (checked here, before sending) allowing the interaction on the type, and each recorded row
 * answered, not deleted and inside the token's compartment. The message then ends the transaction.
 *
 * The server still verifies the token and the rows as on any request; a record written here
 * counts only if it is exactly a record the request then asks for (platform/audit/prerecorded.ts).
 * Any other record the request needs (a refusal, a token verified differently) is written in a
 * second transaction before anything is sent.
 *
 * Null when the guess cannot be made: the lookup and the fetch then travel as usual.
 */
export function fetchWithRecordStatement(guess: RecordGuess, fetch: EarlyFetch): string | null {
  const { remembered } = guess;
  if (remembered.expiresAt <= Date.now() + EXPIRY_MARGIN_MS) return null;
  if (!scopeAllows(remembered.grant.scopes, fetch.resourceType, fetch.interaction)) return null;
  const { tokenQuery } = guess;
  const actor = smartActor(remembered.grant).actor;
  return executePrepared({
    sql: combinedText(tokenQuery, fetch),
    parameters: [
      ...tokenQuery.parameters,
      ...fetch.query.parameters,
      guess.tenantId,
      actor?.userId ?? null,
      actor?.role ?? null,
      remembered.grant.clientId,
      remembered.patientId,
      guess.meta.ip,
      guess.meta.userAgent?.slice(0, 400) ?? null,
      guess.meta.requestId,
      remembered.fingerprint,
    ],
  });
}

/** Texts of the combined statement, by the parts they are made of (a few shapes in use). */
const texts = new Map<string, string>();

function combinedText(tokenQuery: RecordGuess['tokenQuery'], fetch: EarlyFetch): string {
  const key = `${fetch.interaction}\n${fetch.answered}\n${fetch.order ?? ''}\n${tokenQuery.sql}\n${fetch.query.sql}`;
  let text = texts.get(key);
  if (text === undefined) {
    if (texts.size >= 500) texts.clear();
    text = buildText(tokenQuery, fetch);
    texts.set(key, text);
  }
  return text;
}

function buildText(tokenQuery: RecordGuess['tokenQuery'], fetch: EarlyFetch): string {
  // The lookup's parameters come first, then the fetch's, then this statement's own. The two
  // parts' columns share no name, so each row carries both (the token's null when not found).
  const k = tokenQuery.parameters.length;
  const own = k + fetch.query.parameters.length;
  const $ = (n: number) => `$${own + n}`;
  const patient = `${$(5)}::text`;
  return `with l as (${tokenQuery.sql}),
    f as (${shiftParameters(fetch.query.sql, k)}),
    rec as (insert into audit_events (tenant_id, actor_id, actor_role, actor_client_id, patient_id,
        action, object_type, object_id, outcome, ip, user_agent, request_id)
      select ${$(1)}::uuid, ${$(2)}::uuid, ${$(3)}::text, ${$(4)}::text,
        coalesce((select c.v::uuid from unnest(f.compartments) with ordinality as c(v, n)
          where c.v ~* '${UUID_PATTERN}' order by c.n limit 1),
          case when ${patient} ~* '${UUID_PATTERN}' then ${patient}::uuid end),
        '${fetch.interaction}', 'fhir:' || f.resource_type, f.id, 'success', ${$(6)}::text, ${$(7)}::text,
        ${$(8)}::text
      from f
      where (${fetch.answered}) and not f.deleted and (${patient} is null or ${patient} = any(f.compartments))
        and exists (select from l where l.fingerprint = ${$(9)}::text)
      returning object_id, patient_id)
    select l.*, f.*, rec.object_id is not null as recorded, rec.patient_id as recorded_patient
    from (select) as one left join l on true left join f on true left join rec on rec.object_id = f.id
    ${fetch.order ? `order by ${fetch.order}` : ''}`;
}

interface OpenedRow {
  model: string | null;
  resource_type: string | null;
  id: string | null;
  recorded: boolean;
  recorded_patient: string | null;
}

/**
 * The rows of fetchWithRecordStatement, parted as the door reads them, with the records written
 * as they were written (what the statement took from the guess, and each row's patient).
 */
export function openedFetch(
  rows: unknown[],
  guess: RecordGuess,
  interaction: EarlyFetch['interaction'],
): { tokenRows: unknown[]; fetchedRows: unknown[]; recorded: PrerecordedAudit[] } {
  const all = rows as OpenedRow[];
  const actor = smartActor(guess.remembered.grant).actor;
  return {
    tokenRows: all[0]!.model === null ? [] : [all[0]],
    fetchedRows: all.filter((r) => r.resource_type !== null),
    recorded: all
      .filter((r) => r.recorded)
      .map((r) => ({
        actor_id: actor?.userId ?? null,
        actor_role: actor?.role ?? null,
        actor_client_id: guess.remembered.grant.clientId,
        patient_id: r.recorded_patient,
        action: interaction,
        object_type: `fhir:${r.resource_type}`,
        object_id: r.id,
        outcome: 'success',
      })),
  };
}
