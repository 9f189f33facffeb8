import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../platform/errors.js';
import { auditFhir } from './audit-trail.js';
import { inTenantPipelined } from '../platform/db/tenant-pipeline.js';
import { executePrepared } from '../platform/db/statements.js';
import { requestMeta } from '../platform/http/route.js';
import { toAppError } from '../platform/http/problem.js';
import type { Platform } from '../platform/platform.js';
import { systemAccess, type FhirContext } from './access.js';
import {
  deleteExport,
  exportFile,
  exportStatus,
  kickOffExport,
  type ExportLevel,
} from './export/export.service.js';
import { emptyTally, importBundle, mergeTally, ndjsonBundles } from './import/importer.js';
import { importOutcome } from './import/import-outcome.js';
import { processBatch } from './bundles/batch.js';
import { assertBundle, processTransaction } from './bundles/transaction.js';
import { capabilityStatement } from './capability.js';
import { bearerOf, resolveAccess } from './door-access.js';
import { ID_PATTERN, isSupportedType } from './resource-types.js';
import { currentByKey, currentOfOne } from './store/resource.repository.js';
import { patientEverything } from './operations/everything.js';
import type { FhirOperation } from './operations/registry.js';
import { FhirError, issue, notFoundError, toOutcome } from './operation-outcome.js';
import { earlySearch, search, searchBundle } from './search/search.service.js';
import { TokenReach } from './token-reach.js';
import { conditionalCreate, conditionalUpdate } from './store/conditional.js';
import { historyBundle } from './store/history.js';
import type { Prepared } from './store/prepare.js';
import {
  createResource,
  deleteResource,
  patchResource,
  readResource,
  updateResource,
  vreadResource,
} from './store/resource.service.js';
import type { SmartGrant, BearerVerifier } from './smart/grant.js';
import type { Bundle, StoredResource } from './types.js';

export const FHIR_PREFIX = '/fhir/R4';
/** Transaction bundles from an EHR are large; a bigger body than the app's JSON API takes. */
export const FHIR_BODY_LIMIT = 32 * 1024 * 1024;
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

export interface FhirDoorOptions {
  /** Checks SMART access tokens; without it, requests bearing a token are refused (401). */
  verifyBearer?: BearerVerifier;
  /** Operations and computed searches that modules add (they take precedence over the generic routes). */
  operations?: FhirOperation[];
}

type Query = Record<string, string[]>;

function queryOf(request: FastifyRequest): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, string | string[]>)) {
    out[k] = Array.isArray(v) ? v : [v];
  }
  return out;
}

function checkFormat(request: FastifyRequest, query: Query): void {
  const format = query._format?.[0];
  if (format !== undefined && !JSON_FORMATS.has(format.split(';')[0]!.trim())) {
    throw new FhirError(406, [issue('not-supported', 'This server speaks JSON only (_format=json)')]);
  }
  const accept = request.headers.accept;
  if (format === undefined && accept && /xml/.test(accept) && !/json|\*\/\*/.test(accept)) {
    throw new FhirError(406, [issue('not-supported', 'This server speaks JSON only')]);
  }
}

const lenient = (request: FastifyRequest) => /handling=lenient/.test(String(request.headers.prefer ?? ''));
/**
 * The base in links (fullUrl, next, Location): the address the client used, since each
 * organization answers on its own host name.
 */
const baseOf = (request: FastifyRequest) => `${request.protocol}://${request.host}${FHIR_PREFIX}`;

/** What to send once the transaction has committed (never before: a reader must not see uncommitted data). */
class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

function sendResource(_reply: FastifyReply, stored: StoredResource, status = 200) {
  return new Answer(status, stored.resource, {
    etag: `W/"${stored.version}"`,
    'last-modified': new Date(stored.lastUpdated).toUTCString(),
  });
}

function sendWritten(reply: FastifyReply, base: string, p: Prepared, returnMinimal: boolean) {
  const { stored } = p;
  const status = p.outcome === 'created' ? 201 : 200;
  const answer = sendResource(reply, stored, status);
  answer.headers.location = `${base}/${stored.resourceType}/${stored.id}/_history/${stored.version}`;
  return returnMinimal ? new Answer(status, undefined, answer.headers) : answer;
}

/** A statement a route sends with the transaction's opening, and what the route notes about it. */
interface Prefetch {
  statement: string;
  note?: unknown;
}
/** Its rows, back in the route's work. */
interface Early {
  rows: unknown[];
  note: unknown;
}

/** The FHIR R4 door: a Fastify plugin mounted at /fhir/R4 with its own parsers and error shape. */
export function fhirDoor(platform: Platform, options: FhirDoorOptions = {}) {
  const reachOfToken = new TokenReach();
  return async function register(app: FastifyInstance) {
    const jsonParser = app.getDefaultJsonParser('error', 'error');
    app.addContentTypeParser(
      ['application/fhir+json', 'application/json-patch+json'],
      { parseAs: 'string' },
      jsonParser,
    );
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        const params: Query = {};
        for (const [k, v] of new URLSearchParams(String(body))) (params[k] ??= []).push(v);
        done(null, params);
      },
    );
    app.addContentTypeParser(
      ['application/fhir+ndjson', 'application/x-ndjson', 'application/ndjson'],
      { parseAs: 'string' },
      (_req, body, done) => done(null, { ndjson: String(body) }),
    );
    app.setErrorHandler((error, request, reply) => {
      const mapped = error instanceof FhirError ? error : toAppError(error);
      const { status, outcome } = toOutcome(mapped);
      if (status >= 500) request.log.error({ err: error }, 'fhir request failed');
      return reply
        .code(status)
        .header('content-type', FHIR_JSON)
        .header('cache-control', 'no-store')
        .send(outcome);
    });
    app.setNotFoundHandler((request, reply) => {
      const { status, outcome } = toOutcome(
        notFoundError(`No FHIR interaction at ${request.method} ${request.url.split('?')[0]}`),
      );
      return reply.code(status).header('content-type', FHIR_JSON).send(outcome);
    });
    /** Replies whose handler chose the content type (NDJSON files, the export manifest). */
    const ownType = new WeakSet<FastifyReply>();
    app.addHook('onSend', async (_request, reply, payload) => {
      reply.header('cache-control', 'no-store');
      if (payload !== undefined && payload !== null && !ownType.has(reply))
        reply.header('content-type', FHIR_JSON);
      return payload;
    });

    /**
     * Resolves the tenant and the caller, then runs the work in one tenant transaction. Its
     * first message opens the transaction and carries the bearer token's lookup and what the
     * route asks to fetch early (`prefetch`: a read's resource row); a read's audit records
     * travel with its COMMIT. A read by id is so two round trips, whatever it finds.
     */
    const handle =
      (
        work: (
          ctx: FhirContext,
          request: FastifyRequest,
          reply: FastifyReply,
          query: Query,
          base: string,
          early: Early | undefined,
        ) => Promise<unknown>,
        prefetch?: (request: FastifyRequest, query: Query, tokenKey: string | null) => Prefetch | null,
      ) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        const query = queryOf(request);
        const base = baseOf(request);
        checkFormat(request, query);
        const tenant = await platform.tenants.resolve(request.hostname);
        const reading = request.method === 'GET';
        const opening: string[] = [];
        // A read writes only its audit records. Their commit does not wait for the disk
        // flush (PostgreSQL's asynchronous commit: at most a fraction of a second of audit
        // records is at risk in a crash, never a half transaction). Writes stay fully durable.
        if (reading) opening.push('set local synchronous_commit = off');
        const token = bearerOf(request);
        const lookup = options.verifyBearer?.lookup;
        const tokenStatement = token && lookup ? lookup.statement(platform.db, token) : null;
        const tokenAt = tokenStatement ? opening.push(tokenStatement) - 1 : -1;
        const tokenKey = token ? TokenReach.keyOf(token) : null;
        const ahead = reading ? (prefetch?.(request, query, tokenKey) ?? null) : null;
        const aheadAt = ahead ? opening.push(ahead.statement) - 1 : -1;
        // Writes before a refusal (an earlier entry of a bundle) are undone to this point, so
        // that keeping the audit record of the refusal keeps nothing else.
        if (!reading) opening.push('savepoint fhir_work');
        const result = await inTenantPipelined(platform.db, tenant.id, opening, async (p) => {
          const { tx, opened, withCommit } = p;
          const { access, actor } = await resolveAccess(
            request,
            tx,
            tenant.id,
            platform,
            options.verifyBearer,
            tokenAt >= 0 ? { row: opened[tokenAt]![0], withCommit } : undefined,
          );
          if (tokenKey && access.kind === 'smart') reachOfToken.remember(tokenKey, access.patientId);
          const app = access.grant
            ? { clientId: access.grant.clientId, grantId: access.grant.grantId }
            : null;
          const ctx: FhirContext = {
            scope: {
              tx,
              tenant,
              actor,
              app,
              meta: requestMeta(request),
              // Writes keep sending their audit records at once: a refusal rolls back to the
              // savepoint, and must take the records of what it undid with it.
              ...(reading ? { auditWithCommit: withCommit } : {}),
            },
            access,
          };
          try {
            const early = ahead ? { rows: opened[aheadAt]!, note: ahead.note } : undefined;
            return await work(ctx, request, reply, query, base, early);
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
            throw new AppError('forbidden', error.message, { keepWrites: true });
          }
        });
        if (result instanceof Answer) {
          if (result.headers['content-type']) ownType.add(reply);
          return reply.code(result.status).headers(result.headers).send(result.body);
        }
        return reply.code(200).send(result);
      };
    const route = { bodyLimit: FHIR_BODY_LIMIT };
    const minimal = (r: FastifyRequest) => /return=minimal/.test(String(r.headers.prefer ?? ''));
    const p = (r: FastifyRequest) => r.params as { type: string; id: string; vid: string };
    const header = (r: FastifyRequest, name: string) => {
      const v = r.headers[name];
      return typeof v === 'string' ? v : undefined;
    };

    app.get('/metadata', async (request, reply) => {
      checkFormat(request, queryOf(request));
      return reply.send(capabilityStatement(baseOf(request), Boolean(options.verifyBearer)));
    });
    app.post(
      '/',
      route,
      handle(async (ctx, request, _reply, _query, base) => {
        const bundle = assertBundle(request.body);
        return bundle.type === 'transaction'
          ? processTransaction(ctx, bundle, base)
          : processBatch(ctx, bundle, base);
      }),
    );
    app.post(
      '/$import',
      route,
      handle(async (ctx, request, _reply, _query, base) => {
        if (ctx.access.kind !== 'staff' || ctx.scope.actor?.role !== 'admin') {
          throw new FhirError(403, [issue('forbidden', 'Only an administrator imports data')]);
        }
        const body = request.body as { ndjson?: string } | Bundle | undefined;
        const bundles =
          body && 'ndjson' in body && typeof body.ndjson === 'string'
            ? ndjsonBundles(body.ndjson)
            : [body as Bundle];
        const tally = emptyTally();
        // The whole post is one transaction: it lands entirely or not at all.
        for (const bundle of bundles)
          mergeTally(tally, await importBundle({ ...ctx, access: systemAccess }, bundle, base));
        return importOutcome(tally);
      }),
    );
    // Bulk Data: kick-off (202 + Content-Location), status polling, NDJSON files.
    const kickOff = (level: ExportLevel) =>
      handle(async (ctx, request, _reply, query, base) => {
        if (!/respond-async/.test(String(request.headers.prefer ?? ''))) {
          throw new FhirError(400, [
            issue('invalid', 'A bulk export needs the header Prefer: respond-async'),
          ]);
        }
        const id = await kickOffExport(
          ctx,
          level,
          query,
          `${base}${request.url.slice(FHIR_PREFIX.length)}`,
          platform.jobs,
          p(request).id,
        );
        return new Answer(202, undefined, { 'content-location': `${base}/$export-status/${id}` });
      });
    app.get('/$export', kickOff('system'));
    app.get('/Patient/$export', kickOff('patient'));
    app.get('/Group/:id/$export', kickOff('group'));
    app.get(
      '/$export-status/:id',
      handle(async (ctx, request, _reply, _query, base) => {
        const status = await exportStatus(ctx, p(request).id, base);
        if (status.status === 'accepted')
          return new Answer(202, undefined, { 'x-progress': 'in progress', 'retry-after': '2' });
        return new Answer(200, status.manifest, { 'content-type': 'application/json' });
      }),
    );
    app.delete(
      '/$export-status/:id',
      handle(async (ctx, request) => {
        await deleteExport(ctx, p(request).id);
        return new Answer(202, undefined);
      }),
    );
    app.get(
      '/$export-file/:id/:type',
      handle(async (ctx, request) => {
        const ndjson = await exportFile(ctx, p(request).id, p(request).type);
        return new Answer(200, ndjson, { 'content-type': 'application/fhir+ndjson' });
      }),
    );
    for (const op of options.operations ?? []) {
      const run = handle(async (ctx, request, _reply, query, base) => {
        const out = await op.run(ctx, {
          query,
          body: request.body,
          header: (name) => header(request, name),
          base,
        });
        return new Answer(out.status, out.body);
      });
      if (op.method === 'GET') app.get(op.url, run);
      else app.post(op.url, route, run);
    }
    app.get(
      '/Patient/:id/$everything',
      handle(async (ctx, request, _reply, query, base) => patientEverything(ctx, base, p(request).id, query)),
    );
    app.get(
      '/:type',
      handle(
        async (ctx, request, _reply, query, base, early) => {
          const found = early && {
            rows: early.rows,
            patientId: (early.note as { patientId: string | null }).patientId,
          };
          const result = await search(ctx, p(request).type, query, { lenient: lenient(request) }, found);
          return searchBundle(result, base, query);
        },
        // With a token seen before, the match statement goes with the token's lookup, built for
        // the reach the token had then; search() uses its rows only if the reach is still that.
        (request, query, tokenKey) => {
          const reach = tokenKey ? reachOfToken.recall(tokenKey) : undefined;
          if (reach === undefined) return null;
          const ahead = earlySearch(platform.db, p(request).type, query, lenient(request), reach);
          return ahead && { statement: ahead.statement, note: { patientId: ahead.patientId } };
        },
      ),
    );
    app.post(
      '/:type/_search',
      handle(async (ctx, request, _reply, query, base) => {
        const params = { ...query, ...((request.body as Query | undefined) ?? {}) };
        const result = await search(ctx, p(request).type, params, { lenient: lenient(request) });
        return searchBundle(result, base, params);
      }),
    );
    app.get(
      '/:type/_history',
      handle(async (ctx, request, _r, query, base) => historyBundle(ctx, base, p(request).type, null, query)),
    );
    app.get(
      '/:type/:id',
      handle(
        async (ctx, request, reply, _query, _base, early) =>
          sendResource(
            reply,
            await readResource(ctx, p(request).type, p(request).id, early && currentByKey(early.rows)),
          ),
        // The row is fetched with the token's lookup; what may be sent is decided after, as always.
        (request) => {
          const { type, id } = p(request);
          return isSupportedType(type) && ID_PATTERN.test(id)
            ? { statement: executePrepared(currentOfOne(platform.db, type, id)) }
            : null;
        },
      ),
    );
    app.get(
      '/:type/:id/_history',
      handle(async (ctx, request, _r, query, base) =>
        historyBundle(ctx, base, p(request).type, p(request).id, query),
      ),
    );
    app.get(
      '/:type/:id/_history/:vid',
      handle(async (ctx, request, reply) =>
        sendResource(reply, await vreadResource(ctx, p(request).type, p(request).id, p(request).vid)),
      ),
    );
    app.post(
      '/:type',
      route,
      handle(async (ctx, request, reply, _query, base) => {
        const ifNoneExist = header(request, 'if-none-exist');
        const written = ifNoneExist
          ? await conditionalCreate(ctx, p(request).type, request.body, ifNoneExist)
          : await createResource(ctx, request.body, p(request).type);
        return sendWritten(reply, base, written, minimal(request));
      }),
    );
    app.put(
      '/:type',
      route,
      handle(async (ctx, request, reply, query, base) => {
        const qs = new URLSearchParams();
        for (const [k, vs] of Object.entries(query)) if (k !== '_format') for (const v of vs) qs.append(k, v);
        const written = await conditionalUpdate(ctx, p(request).type, qs.toString(), request.body);
        return sendWritten(reply, base, written, minimal(request));
      }),
    );
    app.put(
      '/:type/:id',
      route,
      handle(async (ctx, request, reply, _query, base) => {
        const written = await updateResource(
          ctx,
          p(request).type,
          p(request).id,
          request.body,
          header(request, 'if-match'),
        );
        return sendWritten(reply, base, written, minimal(request));
      }),
    );
    app.patch(
      '/:type/:id',
      route,
      handle(async (ctx, request, reply, _query, base) => {
        if (!String(request.headers['content-type'] ?? '').startsWith('application/json-patch+json')) {
          throw new FhirError(415, [issue('not-supported', 'PATCH takes application/json-patch+json')]);
        }
        const written = await patchResource(
          ctx,
          p(request).type,
          p(request).id,
          request.body,
          header(request, 'if-match'),
        );
        return sendWritten(reply, base, written, minimal(request));
      }),
    );
    app.delete(
      '/:type/:id',
      handle(async (ctx, request) => {
        await deleteResource(ctx, p(request).type, p(request).id);
        return new Answer(204, undefined);
      }),
    );
  };
}

export type { SmartGrant, BearerVerifier };
