import { Readable } from 'node:stream';
import type { ImportItemResult, ImportSummary } from '@common/api';
import { sql } from 'kysely';
import { prepareBatch, writeBatch } from '../services/cases';
import { ApiError } from '../services/errors';
import { jsonArrayItems, ndjsonItems } from '../services/streamItems';
import { handlers, requireUser, type Deps } from './define';

const BATCH = 250;

/**
 * POST /v1/import. The body is never buffered whole: items are parsed as they arrive, validated and
 * upserted in batches. A JSON array gets one JSON answer; an NDJSON upload gets an NDJSON answer
 * (one result per item as batches commit, then a `{"summary":…}` line). The route is `streamed` in
 * the table, so define.ts hands this handler the raw request stream.
 */
export function importHandlers(deps: Deps) {
  return handlers({
    import: async ({ req, reply, user }) => {
      const actorId = requireUser(user).id;
      const stream = req.body as Readable | undefined;
      if (!stream || typeof (stream as { pipe?: unknown }).pipe !== 'function') throw new ApiError(415, 'unsupported_media_type', 'send application/json (array) or application/x-ndjson', '(body)');
      const ndjson = /ndjson/i.test(req.headers['content-type'] ?? '');
      const items = ndjson ? ndjsonItems(stream) : jsonArrayItems(stream);
      const summary: ImportSummary = { received: 0, created: 0, updated: 0, unchanged: 0, invalid: 0 };
      let created = 0;
      const tally = (r: ImportItemResult) => {
        summary.received++;
        summary[r.status]++;
        if (r.status === 'created') created++;
      };
      const ictx = { db: deps.db, policies: deps.policies, actorId };
      // Versions published elsewhere since this instance last looked (see PolicyRegistry).
      await deps.policies.refresh();
      /**
       * Pipelined: while one batch is written (PostgreSQL works in its own process), the next one is
       * read and validated here. Writes stay strictly in order.
       */
      async function* batches(): AsyncGenerator<ImportItemResult[]> {
        let batch: Array<{ index: number; raw: unknown }> = [];
        let bad: ImportItemResult[] = [];
        let pending: Promise<ImportItemResult[]> | undefined;
        const flush = (): Promise<ImportItemResult[]> => {
          const prepared = prepareBatch(deps.policies, batch);
          prepared.invalid.push(...bad);
          batch = [];
          bad = [];
          const prev = pending ?? Promise.resolve([]);
          // Chained so batch k+1 is written only after batch k committed.
          return prev.then(() => writeBatch(ictx, prepared));
        };
        const settle = async (p: Promise<ImportItemResult[]>) => {
          const res = await p;
          res.forEach(tally);
          return res;
        };
        for await (const it of items) {
          if ('error' in it) bad.push({ index: it.index, status: 'invalid', issues: [{ path: '(root)', message: it.error }] });
          else batch.push(it);
          if (batch.length + bad.length >= BATCH) {
            const done = pending;
            pending = flush();
            // Swallow here; the error surfaces when `pending` itself is awaited below.
            pending.catch(() => undefined);
            if (done) yield await settle(done);
          }
        }
        const done = pending;
        if (batch.length + bad.length > 0) pending = flush();
        else pending = undefined;
        if (done) yield await settle(done);
        if (pending) yield await settle(pending);
        if (created >= 1000) await sql`analyze cases`.execute(deps.db).catch(() => undefined);
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
  });
}
