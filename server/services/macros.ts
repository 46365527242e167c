/**
 * Macros: named per-kind whole actions kept in `macros` (migration 12 seeds the shared defaults).
 * A desk sees the shared ones and its user's personal ones; supervisors and admins edit the
 * shared ones, every user only their own personal ones, each edit audited. Pull delivers a desk's
 * list when its version changed, and the push path counts a macro's note as template text (not the
 * arbitrator's own words), as it does a snippet's. Both read this instance's copy of the table,
 * re-read at most every MACRO_REFRESH_MS (and at once after a save here).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { MacroSchema, type Macro, type MacroList, type MacroSaveRequestSchema } from '@common/api';
import type { Role } from '@common/api';
import type { Policy } from '@common/policy';
import { macroProblems } from '@common/rules';
import type { DB } from '../db/schema';
import { appendAudit } from './audit';
import { ApiError } from './errors';

export const MACRO_REFRESH_MS = 10_000;

type Row = Record<keyof DB['macros'], unknown>;
type Loaded = { all: Macro[]; at: number; perUser: Map<string, { list: MacroList; text: string }> };
type Caller = { id: string; role: Role };

const json = (v: unknown): unknown => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

/** A row as the wire says it; a row this version cannot read (hand-edited) is left out, not sent. */
function view(r: Row): Macro | null {
  const parsed = MacroSchema.safeParse({
    id: r.id,
    name: r.name,
    kind: r.kind,
    scope: r.scope,
    ownerId: r.owner_id,
    verdict: r.verdict,
    reasonCodes: json(r.reason_codes),
    remedies: json(r.remedies),
    note: r.note,
    action: json(r.action) ?? null,
    position: r.position,
    updatedAt: r.updated_at instanceof Date ? r.updated_at.toISOString() : r.updated_at,
    updatedBy: r.updated_by,
  });
  return parsed.success ? parsed.data : null;
}

const canEditShared = (role: Role): boolean => role === 'supervisor' || role === 'admin';

export class MacroStore {
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly policy: () => Policy,
    private readonly clock: () => number = Date.now,
  ) {}

  private async current(): Promise<Loaded> {
    const l = this.loaded;
    if (l && this.clock() - l.at < MACRO_REFRESH_MS) return l;
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<Loaded> {
    const rows = await this.db.selectFrom('macros').selectAll().orderBy('kind').orderBy('position').orderBy('id').execute();
    const all = rows.flatMap((r) => view(r as Row) ?? []);
    this.loaded = { all, at: this.clock(), perUser: new Map() };
    return this.loaded;
  }

  /** The shared macros and `userId`'s own, with a version digest of exactly that list. */
  private async forUser(userId: string): Promise<{ list: MacroList; text: string }> {
    const l = await this.current();
    const hit = l.perUser.get(userId);
    if (hit) return hit;
    const macros = l.all.filter((m) => m.scope === 'shared' || m.ownerId === userId);
    // A digest of the content: any create, edit or delete of one of these changes it, on whichever instance.
    const version = createHash('sha256').update(JSON.stringify(macros)).digest('hex').slice(0, 16);
    const list = { macros, version };
    const entry = { list, text: JSON.stringify(list) };
    l.perUser.set(userId, entry);
    return entry;
  }

  async list(user: { id: string }): Promise<MacroList> {
    return (await this.forUser(user.id)).list;
  }

  /** Pull's `macros` member as JSON text, or null when the client already has this version. */
  async pullPart(user: { id: string }, clientVersion: string | undefined): Promise<string | null> {
    const e = await this.forUser(user.id);
    return clientVersion === e.list.version ? null : e.text;
  }

  /** The raw note templates of the macros of a kind this user has: none of them is the arbitrator's own words. */
  async textsFor(kind: string, userId: string): Promise<string[]> {
    const l = await this.current();
    return l.all.filter((m) => m.kind === kind && m.note !== '' && (m.scope === 'shared' || m.ownerId === userId)).map((m) => m.note);
  }

  /** Whether `user` may write a macro of `scope`, or change/remove `before`; throws 403 naming the field otherwise. */
  private authorise(user: Caller, before: { scope: string; owner_id: string | null } | undefined, scope: string | null): void {
    if (before?.scope === 'shared' && !canEditShared(user.role)) throw new ApiError(403, 'forbidden', 'only supervisors and admins change shared macros', 'id');
    if (before?.scope === 'personal' && before.owner_id !== user.id) throw new ApiError(403, 'forbidden', "a personal macro is changed only by its owner", 'id');
    if (scope === 'shared' && !canEditShared(user.role)) throw new ApiError(403, 'forbidden', 'only supervisors and admins write shared macros; keep it personal', 'scope');
  }

  async save(user: Caller, req: z.output<typeof MacroSaveRequestSchema>): Promise<Macro> {
    // Checked against the policy in force: a macro fills today's form.
    const problem = macroProblems(req, this.policy())[0];
    if (problem) throw new ApiError(400, 'invalid_body', `body field ${problem.field}: ${problem.message}`, problem.field);
    const values = {
      name: req.name,
      kind: req.kind,
      scope: req.scope,
      owner_id: req.scope === 'personal' ? user.id : null,
      verdict: req.verdict,
      reason_codes: JSON.stringify(req.reasonCodes),
      remedies: JSON.stringify(req.remedies),
      note: req.note,
      action: req.action ? JSON.stringify(req.action) : null,
      position: req.position,
      updated_at: new Date(),
      updated_by: user.id,
    };
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('macros').selectAll().where('id', '=', req.id).forUpdate().executeTakeFirst();
      this.authorise(user, before, req.scope);
      if (before) await trx.updateTable('macros').set(values).where('id', '=', req.id).execute();
      else await trx.insertInto('macros').values({ id: req.id, ...values }).execute();
      await appendAudit(trx, { actorId: user.id, action: before ? 'macro.update' : 'macro.create', caseId: null, before: before ?? null, after: { id: req.id, ...values } });
    });
    this.loaded = null;
    const saved = (await this.current()).all.find((m) => m.id === req.id);
    if (!saved) throw new ApiError(500, 'internal', 'the macro was saved but cannot be read back');
    return saved;
  }

  async delete(user: Caller, id: string): Promise<{ ok: true }> {
    await this.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('macros').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      // Another user's personal macro is not there for this caller at all.
      if (!before || (before.scope === 'personal' && before.owner_id !== user.id)) throw new ApiError(404, 'not_found', `there is no macro ${id}`, 'id');
      this.authorise(user, before, null);
      await trx.deleteFrom('macros').where('id', '=', id).execute();
      await appendAudit(trx, { actorId: user.id, action: 'macro.delete', caseId: null, before, after: null });
    });
    this.loaded = null;
    return { ok: true };
  }
}
