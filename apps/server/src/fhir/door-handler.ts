import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../platform/errors.js';
import { executePrepared } from '../platform/db/statements.js';
import { inTenantPipelined } from '../platform/db/tenant-pipeline.js';
import { requestMeta } from '../platform/http/route.js';
import type { Platform } from '../platform/platform.js';
import type { FhirContext } from './access.js';
import { auditFhir } from './audit-trail.js';
import { bearerOf, resolveAccess } from './door-access.js';
import { FhirError, issue } from './operation-outcome.js';
import type { BearerVerifier } from './smart/grant.js';
import { fetchWithRecordStatement, openedFetch, type EarlyFetch, type RecordGuess } from './early-record.js';
import { TokenReach, type RememberedToken } from './token-reach.js';

export const FHIR_PREFIX = '/fhir/R4';
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

export type Query = Record<string, string[]>;

export function queryOf(request: FastifyRequest): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, string | string[]>)) {
    out[k] = Array.isArray(v) ? v : [v];
  }
  return out;
}

export function checkFormat(request: FastifyRequest, query: Query): void {
  const format = query._format?.[0];
  if (format !== undefined && !JSON_FORMATS.has(format.split(';')[0]!.trim())) {
    throw new FhirError(406, [issue('not-supported', 'This server speaks JSON only (_format=json)')]);
  }
  const accept = request.headers.accept;
  if (format === undefined && accept && /xml/.test(accept) && !/json|\*\/\*/.test(accept)) {
    throw new FhirError(406, [issue('not-supported', 'This server speaks JSON only')]);
  }
}

export const lenient = (request: FastifyRequest) =>
  /handling=lenient/.test(String(request.headers.prefer ?? ''));
/**
 * The base in links (fullUrl, next, Location): the address the client used, since each
 * organization answers on its own host name.
 */
export const baseOf = (request: FastifyRequest) => `${request.protocol}://${request.host}${FHIR_PREFIX}`;

/** What to send once the transaction has committed (never before: a reader must not see uncommitted data). */
export class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** A statement a route sends with the transaction's opening, and what the route notes about it. */
export interface Prefetch {
  /** Built only when sent: a combined statement (early-record.ts) replaces it. */
  statement: () => string;
  note?: unknown;
  /** What the statement fetches, in the form that can carry its audit records (early-record.ts). */
  fetch?: EarlyFetch;
}
/** Its rows, back in the route's work. */
export interface Early {
  rows: unknown[];
  note: unknown;
}

/**
 * The handler factory of the door's routes: each request runs in one tenant transaction, its
 * caller resolved inside it; refusals are recorded; the answer is sent after the commit.
 */
export function doorHandler(
  platform: Platform,
  options: { verifyBearer?: BearerVerifier | undefined },
  reachOfToken: TokenReach,
  ownType: WeakSet<FastifyReply>,
) {
  /**
   * Resolves the tenant and the caller, then runs the work in one tenant transaction. Its
   * first message opens the transaction and carries the bearer token's lookup and what the
   * route asks to fetch early (`prefetch`: a read's resource row); a read's audit records
   * travel with its COMMIT. A read by id or a search is so two round trips, whatever it finds;
   * with a token seen before, one: the token's lookup, the fetch and the audit records of what it
   * answers are then one statement, and that message is the whole transaction (early-record.ts).
   */
  /**
   * Records written on the guess that the request did not then ask for: the verdict changed
   * between the guess and the check (a token expiring within the request). Said in the log with
   * the request's id, since the audit trail now holds an access that was not answered.
   */
  const unusedRecords = (ctx: FhirContext) => {
    const left = ctx.scope.prerecorded?.length ?? 0;
    if (left) platform.log.warn({ requestId: ctx.scope.meta.requestId, left }, 'fhir.early_records_unused');
  };

  return (
      work: (
        ctx: FhirContext,
        request: FastifyRequest,
        reply: FastifyReply,
        query: Query,
        base: string,
        early: Early | undefined,
      ) => Promise<unknown>,
      prefetch?: (
        request: FastifyRequest,
        query: Query,
        remembered: RememberedToken | undefined,
      ) => Prefetch | null,
    ) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const query = queryOf(request);
      const base = baseOf(request);
      checkFormat(request, query);
      const tenant = await platform.tenants.resolve(request.hostname);
      const reading = request.method === 'GET';
      const opening: string[] = [];
      const meta = requestMeta(request);
      const token = bearerOf(request);
      const lookup = options.verifyBearer?.lookup;
      const tokenQuery = token && lookup ? lookup.query(platform.db, token) : null;
      const tokenKey = token ? TokenReach.keyOf(token) : null;
      const remembered = tokenKey && tokenQuery ? reachOfToken.recall(tokenKey) : undefined;
      const ahead = reading ? (prefetch?.(request, query, remembered) ?? null) : null;
      // A token seen before: its lookup, the route's fetch and the audit records in one statement.
      const guess: RecordGuess | null =
        remembered && tokenQuery ? { tenantId: tenant.id, tokenQuery, remembered, meta } : null;
      const combined = ahead?.fetch && guess ? fetchWithRecordStatement(guess, ahead.fetch) : null;
      const combinedAt = combined ? opening.push(combined) - 1 : -1;
      const tokenAt = !combined && tokenQuery ? opening.push(executePrepared(tokenQuery)) - 1 : -1;
      const aheadAt = !combined && ahead ? opening.push(ahead.statement()) - 1 : -1;
      // Writes before a refusal (an earlier entry of a bundle) are undone to this point, so
      // that keeping the audit record of the refusal keeps nothing else.
      if (!reading) opening.push('savepoint fhir_work');
      // A read writes only its audit records. Their commit does not wait for the disk flush
      // (PostgreSQL's asynchronous commit: at most a fraction of a second of audit records is at
      // risk in a crash, never a half transaction). Writes stay fully durable.
      // The statements a route sends early are written for their generic plans (see search/sql.ts).
      const pipeline = {
        asynchronousCommit: reading,
        commitWithOpening: combined !== null,
        genericPlans: ahead !== null,
      };
      const result = await inTenantPipelined(
        platform.db,
        tenant.id,
        opening,
        async (p) => {
          const { tx, opened, withCommit } = p;
          const read =
            combined && guess && ahead?.fetch
              ? openedFetch(opened[combinedAt]!, guess, ahead.fetch.interaction)
              : null;
          const tokenRows = read ? read.tokenRows : tokenAt >= 0 ? opened[tokenAt]! : null;
          const { access, actor, verified } = await resolveAccess(
            request,
            tx,
            tenant.id,
            platform,
            options.verifyBearer,
            tokenRows ? { row: tokenRows[0], withCommit } : undefined,
          );
          if (tokenKey && verified)
            reachOfToken.remember(tokenKey, { patientId: access.patientId, ...verified });
          const app = access.grant
            ? { clientId: access.grant.clientId, grantId: access.grant.grantId }
            : null;
          const ctx: FhirContext = {
            scope: {
              tx,
              tenant,
              actor,
              app,
              meta,
              // Writes keep sending their audit records at once: a refusal rolls back to the
              // savepoint, and must take the records of what it undid with it.
              ...(reading ? { auditWithCommit: withCommit } : {}),
              ...(read ? { prerecorded: read.recorded } : {}),
            },
            access,
          };
          try {
            const rows = read ? read.fetchedRows : ahead ? opened[aheadAt]! : null;
            const early = ahead && rows ? { rows, note: ahead.note } : undefined;
            const answer = await work(ctx, request, reply, query, base, early);
            unusedRecords(ctx);
            return answer;
          } catch (error) {
            if (!(error instanceof FhirError) || error.status !== 403) throw error;
            // A refused access is recorded too, and the record outlives the refusal.
            const { type = 'unknown', id = null } = (request.params ?? {}) as { type?: string; id?: string };
            if (!reading) await sql`rollback to savepoint fhir_work`.execute(tx);
            await auditFhir(
              ctx,
              reading ? 'read' : 'update',
              [{ resourceType: type, id, compartments: [] }],
              'denied',
            );
            unusedRecords(ctx);
            throw new AppError('forbidden', error.message, { keepWrites: true });
          }
        },
        pipeline,
      );
      if (result instanceof Answer) {
        if (result.headers['content-type']) ownType.add(reply);
        return reply.code(result.status).headers(result.headers).send(result.body);
      }
      return reply.code(200).send(result);
    };
}
