/**
 * Note snippets: named texts per kind (or for every kind) with `{{variables}}`, kept in
 * note_snippets (migration 10 seeds the defaults), edited by supervisors, delivered to every desk by
 * pull. The push path reads them to refuse a note against a critical finding that is nothing but
 * snippets. Both read this instance's copy of the list, re-read at most every SNIPPET_REFRESH_MS
 * (and at once after a save here): a pull or a decision never waits on an extra query, and an edit
 * made on another instance reaches this one within that time.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Snippet, SnippetList, SnippetSaveRequestSchema } from '@common/api';
import type { z } from 'zod';
import type { ComplaintKind, Verdict } from '@common/domain';
import type { DB } from '../db/schema';
import { appendAudit } from './audit';
import { ApiError } from './errors';

export const SNIPPET_REFRESH_MS = 10_000;

type Row = { id: string; name: string; kind: string | null; verdict: string | null; text: string; position: number; updated_at: Date; updated_by: string | null };
type Loaded = { list: SnippetList; text: string; byKind: Map<string, string[]>; at: number };

const view = (r: Row): Snippet => ({
  id: r.id,
  name: r.name,
  kind: r.kind as ComplaintKind | null,
  verdict: r.verdict as Verdict | null,
  language: 'zh-CN',
  text: r.text,
  position: r.position,
  updatedAt: r.updated_at.toISOString(),
  updatedBy: r.updated_by,
});

export class SnippetStore {
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The list as this instance last read it, re-read when older than SNIPPET_REFRESH_MS. */
  async current(): Promise<Loaded> {
    const l = this.loaded;
    if (l && this.clock() - l.at < SNIPPET_REFRESH_MS) return l;
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<Loaded> {
    const rows = await this.db
      .selectFrom('note_snippets')
      .select(['id', 'name', 'kind', 'verdict', 'text', 'position', 'updated_at', 'updated_by'])
      .orderBy('position')
      .orderBy('id')
      .execute();
    const snippets = rows.map(view);
    // A digest of the content: any create, edit or delete changes it, on whichever instance it happened.
    const version = createHash('sha256').update(JSON.stringify(snippets)).digest('hex').slice(0, 16);
    const list = { snippets, version };
    const byKind = new Map<string, string[]>();
    for (const s of snippets) byKind.set(s.kind ?? '*', [...(byKind.get(s.kind ?? '*') ?? []), s.text]);
    this.loaded = { list, text: JSON.stringify(list), byKind, at: this.clock() };
    return this.loaded;
  }

  async list(): Promise<SnippetList> {
    return (await this.current()).list;
  }

  /** Pull's `snippets` member as JSON text, or null when the client already has this version. */
  async pullPart(clientVersion: string | undefined): Promise<string | null> {
    const l = await this.current();
    return clientVersion === l.list.version ? null : l.text;
  }

  /** The raw texts of the snippets that apply to a kind (its own and the every-kind ones): none of them is the arbitrator's own words. */
  async textsFor(kind: string): Promise<string[]> {
    const l = await this.current();
    return [...(l.byKind.get(kind) ?? []), ...(l.byKind.get('*') ?? [])];
  }

  async save(user: { id: string }, req: z.output<typeof SnippetSaveRequestSchema>): Promise<Snippet> {
    const values = { name: req.name, kind: req.kind, verdict: req.verdict, language: req.language, text: req.text, position: req.position, updated_at: new Date(), updated_by: user.id };
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('note_snippets').selectAll().where('id', '=', req.id).forUpdate().executeTakeFirst();
      if (before) await trx.updateTable('note_snippets').set(values).where('id', '=', req.id).execute();
      else await trx.insertInto('note_snippets').values({ id: req.id, ...values }).execute();
      await appendAudit(trx, { actorId: user.id, action: before ? 'snippet.update' : 'snippet.create', caseId: null, before: before ?? null, after: { id: req.id, ...values } });
    });
    this.loaded = null;
    const saved = (await this.list()).snippets.find((s) => s.id === req.id);
    if (!saved) throw new ApiError(500, 'internal', 'the snippet was saved but cannot be read back');
    return saved;
  }

  async delete(user: { id: string }, id: string): Promise<{ ok: true }> {
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('note_snippets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw new ApiError(404, 'not_found', `there is no snippet ${id}`, 'id');
      await trx.deleteFrom('note_snippets').where('id', '=', id).execute();
      await appendAudit(trx, { actorId: user.id, action: 'snippet.delete', caseId: null, before, after: null });
    });
    this.loaded = null;
    return { ok: true };
  }
}
