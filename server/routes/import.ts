import { Readable } from 'node:stream';
import type { ImportItemResult, ImportSummary } from '@common/api';
import type { StreamItem } from '@common/api/routes';
import type { CaseBundle } from '@common/domain';
import { sql } from 'kysely';
import { isDatabaseUnavailable } from '../db/database';
import { prepareBatch, writeBatch } from '../services/cases';
import { ApiError } from '../services/errors';
import { handlers, requireUser, type Deps } from './define';

const BATCH = 250;

/**
 * POST /v1/import. The body is never buffered whole: items are parsed as they arrive, validated and
 * upserted in batches. A JSON array gets one JSON answer; an NDJSON upload gets an NDJSON answer
 * (one result per item as batches commit, then a `{"summary":…}` line). The route is `streamed` in
 * the table, so define.ts hands this handler the items as they arrive, each already validated.
 */
export function importHandlers(deps: Deps) {
  return handlers({
    import: async ({ req, reply, user, body }) => {
      const actorId = requireUser(user).id;
      const { ndjson, items } = body;
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
        let batch: Array<StreamItem<CaseBundle>> = [];
        let pending: Promise<ImportItemResult[]> | undefined;
        const flush = (): Promise<ImportItemResult[]> => {
          const prepared = prepareBatch(deps.policies, batch);
          batch = [];
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
          batch.push(it);
          if (batch.length >= BATCH) {
            const done = pending;
            pending = flush();
            // Swallow here; the error surfaces when `pending` itself is awaited below.
            pending.catch(() => undefined);
            if (done) yield await settle(done);
          }
        }
        const done = pending;
        if (batch.length > 0) pending = flush();
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
          const e =
            err instanceof ApiError
              ? { code: err.code, message: err.message, field: err.field }
              : isDatabaseUnavailable(err)
                ? { code: 'unavailable', message: 'the database became unavailable; send the rest again (items already imported answer unchanged)' }
                : { code: 'internal', message: 'import failed' };
          req.log.error({ err }, 'import stream failed');
          yield JSON.stringify({ error: e, summary }) + '\n';
        }
      }
      reply.code(200).header('content-type', 'application/x-ndjson; charset=utf-8');
      return Readable.from(lines());
    },
  });
}
