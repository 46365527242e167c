import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { CaseBundleSchema } from '@common/domain';
import { ImportResponseSchema, type ImportItemResult, type ImportSummary } from '@common/api';
import { importBatch } from '../services/cases';
import { ApiError } from '../services/errors';
import { jsonArrayItems, ndjsonItems } from '../services/stream-items';
import { defineRoute, requireUser, type Deps } from './define';

const BATCH = 250;

/**
 * POST /v1/import. The body is never buffered whole: items are parsed as they arrive, validated and
 * upserted in batches. A JSON array gets one JSON answer; an NDJSON upload gets an NDJSON answer
 * (one result per item as batches commit, then a `{"summary":…}` line).
 */
export function registerImportRoutes(app: FastifyInstance, deps: Deps): void {
  void app.register((scope, _opts, done) => {
    // Scoped to this plugin: the import route receives the raw request stream.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(['application/json', 'application/x-ndjson', 'application/ndjson'], (_req, payload, done) => done(null, payload));
    defineRoute(
      scope,
      deps,
      {
        method: 'POST',
        url: '/v1/import',
        summary: 'Import case bundles (JSON array or NDJSON), idempotent by externalId; per-item results',
        roles: ['admin'],
        body: CaseBundleSchema,
        streamed: true,
        response: ImportResponseSchema,
      },
      async ({ req, reply, user }) => {
        const actorId = requireUser(user).id;
        const stream = req.body as Readable | undefined;
        if (!stream || typeof (stream as { pipe?: unknown }).pipe !== 'function') throw new ApiError(415, 'unsupported_media_type', 'send application/json (array) or application/x-ndjson', '(body)');
        const ndjson = /ndjson/i.test(req.headers['content-type'] ?? '');
        const items = ndjson ? ndjsonItems(stream) : jsonArrayItems(stream);
        const summary: ImportSummary = { received: 0, created: 0, updated: 0, unchanged: 0, invalid: 0 };
        const tally = (r: ImportItemResult) => {
          summary.received++;
          summary[r.status]++;
        };
        async function* batches(): AsyncGenerator<ImportItemResult[]> {
          let batch: Array<{ index: number; raw: unknown }> = [];
          const run = async (b: typeof batch, bad: ImportItemResult[]) => {
            const res = [...bad, ...(await importBatch({ db: deps.db, policy: deps.policy, actorId }, b))].sort((x, y) => x.index - y.index);
            res.forEach(tally);
            return res;
          };
          let bad: ImportItemResult[] = [];
          for await (const it of items) {
            if ('error' in it) bad.push({ index: it.index, status: 'invalid', issues: [{ path: '(root)', message: it.error }] });
            else batch.push(it);
            if (batch.length + bad.length >= BATCH) {
              yield await run(batch, bad);
              batch = [];
              bad = [];
            }
          }
          if (batch.length + bad.length > 0) yield await run(batch, bad);
        }
        if (!ndjson) {
          const results: ImportItemResult[] = [];
          for await (const b of batches()) results.push(...b);
          return { summary, results };
        }
        async function* lines(): AsyncGenerator<string> {
          try {
            for await (const b of batches()) yield b.map((r) => JSON.stringify(r)).join('\n') + '\n';
            yield JSON.stringify({ summary }) + '\n';
          } catch (err) {
            // Headers are gone by now; the error becomes the last line.
            const e = err instanceof ApiError ? { code: err.code, message: err.message, field: err.field } : { code: 'internal', message: 'import failed' };
            req.log.error({ err }, 'import stream failed');
            yield JSON.stringify({ error: e, summary }) + '\n';
          }
        }
        reply.code(200).header('content-type', 'application/x-ndjson; charset=utf-8');
        return Readable.from(lines());
      },
    );
    done();
  });
}
