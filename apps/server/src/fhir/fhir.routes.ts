import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { executePrepared } from '../platform/db/statements.js';
import { toAppError } from '../platform/http/problem.js';
import type { Platform } from '../platform/platform.js';
import { systemAccess } from './access.js';
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
import { ID_PATTERN, isSupportedType } from './resource-types.js';
import { currentByKey, currentOfOne } from './store/resource.repository.js';
import { patientEverything } from './operations/everything.js';
import type { FhirOperation } from './operations/registry.js';
import { FhirError, issue, notFoundError, toOutcome } from './operation-outcome.js';
import { earlySearch, search, searchBundle } from './search/search.service.js';
import type { SearchQuery } from './search/parse.js';
import { TokenReach } from './token-reach.js';
import { sendSecurityHeadersOnce } from './security-headers.js';
import {
  Answer,
  FHIR_PREFIX,
  baseOf,
  checkFormat,
  doorHandler,
  lenient,
  queryOf,
  type Query,
} from './door-handler.js';
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

export { FHIR_PREFIX };
/** Transaction bundles from an EHR are large; a bigger body than the app's JSON API takes. */
export const FHIR_BODY_LIMIT = 32 * 1024 * 1024;
const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export interface FhirDoorOptions {
  /** Checks SMART access tokens; without it, requests bearing a token are refused (401). */
  verifyBearer?: BearerVerifier;
  /** Operations and computed searches that modules add (they take precedence over the generic routes). */
  operations?: FhirOperation[];
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

/** The FHIR R4 door: a Fastify plugin mounted at /fhir/R4 with its own parsers and error shape. */
export function fhirDoor(platform: Platform, options: FhirDoorOptions = {}) {
  const reachOfToken = new TokenReach();
  return async function register(app: FastifyInstance) {
    sendSecurityHeadersOnce(app);
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

    const handle = doorHandler(platform, options, reachOfToken, ownType);
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
          const note = early?.note as { patientId: string | null; query: SearchQuery } | undefined;
          const found = early && note && { rows: early.rows, patientId: note.patientId, query: note.query };
          const result = await search(ctx, p(request).type, query, { lenient: lenient(request) }, found);
          return searchBundle(result, base, query);
        },
        // With a token seen before, the match statement goes with the token's lookup, built for
        // the reach the token had then; search() uses its rows only if the reach is still that.
        (request, query, remembered) => {
          if (remembered === undefined) return null;
          const ahead = earlySearch(
            platform.db,
            p(request).type,
            query,
            lenient(request),
            remembered.patientId,
          );
          return (
            ahead && {
              statement: ahead.statement,
              note: { patientId: ahead.patientId, query: ahead.query },
              fetch: ahead.fetch,
            }
          );
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
          if (!isSupportedType(type) || !ID_PATTERN.test(id)) return null;
          const query = currentOfOne(platform.db, type, id);
          return {
            statement: () => executePrepared(query),
            fetch: { interaction: 'read', resourceType: type, query, answered: 'true' },
          };
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
