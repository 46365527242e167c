import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseViewSchema, MacroListSchema, MacroSchema, PullResponseSchema, type MacroSaveRequest, type MutationResult } from '@common/api';
import { DEFAULT_POLICY } from '@common/policy';
import { macroProblems } from '@common/rules';
import { DEFAULT_MACROS } from '../db/defaultMacros';
import { bundle, call, decisionFor, makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

const personal = (id: string, over: Partial<MacroSaveRequest> = {}): MacroSaveRequest => ({
  id,
  name: '我的驳回',
  kind: 'late_shipment',
  scope: 'personal',
  verdict: 'rejected',
  reasonCodes: ['LS_FORCE_MAJEURE'],
  remedies: ['no_action'],
  note: '{{merchant}}已说明延误原因。',
  ...over,
});

describe('macros (pglite)', () => {
  let env: TestEnv;
  let s: Record<string, Session>;
  beforeAll(async () => {
    env = await makeEnv('pglite');
    s = await seedUsers(env.app, ['arb1', 'arb2', 'sup1', 'admin']);
  });
  afterAll(async () => env?.close());

  const list = async (who: Session) => MacroListSchema.parse((await call(env.app, who, 'GET', '/v1/macros')).json());
  const save = (who: Session, body: unknown) => call(env.app, who, 'POST', '/v1/macros', body);
  const audit = async (action: string) => env.database.db.selectFrom('audit_log').select(['actor_id', 'action', 'before', 'after']).where('action', '=', action).execute();

  it('every default macro passes its own rules under the default policy, and each kind has at least two', () => {
    for (const d of DEFAULT_MACROS) expect(macroProblems(d, DEFAULT_POLICY), d.id).toEqual([]);
    for (const kind of Object.keys(DEFAULT_POLICY.reasonCodes)) expect(DEFAULT_MACROS.filter((d) => d.kind === kind).length, kind).toBeGreaterThanOrEqual(2);
  });

  it('starts with the shared defaults the migration seeded, readable by an arbitrator', async () => {
    const l = await list(s.arb1!);
    expect(l.macros.map((m) => m.id).sort()).toEqual(DEFAULT_MACROS.map((d) => d.id).sort());
    expect(l.macros.find((m) => m.id === 'm-as-empty')).toMatchObject({ name: '空包退货·证据充分→支持', kind: 'abnormal_after_sales', scope: 'shared', ownerId: null, verdict: 'upheld', updatedBy: null });
    expect(l.macros.find((m) => m.id === 'm-as-video')?.action).toEqual({ type: 'request_evidence', from: 'complainant', categories: ['unboxing_video', 'weighing_record'] });
  });

  it('an arbitrator cannot create, edit or delete a shared macro (403); the list is unchanged', async () => {
    const before = await list(s.arb1!);
    const edit = await save(s.arb1!, { ...personal('m-ls-force'), scope: 'shared', name: '改' });
    expect(edit.statusCode).toBe(403);
    expect(edit.json()).toMatchObject({ error: { code: 'forbidden' } });
    // Taking a shared macro's id as a personal one is changing the shared one: refused the same.
    expect((await save(s.arb1!, personal('m-ls-force'))).statusCode).toBe(403);
    const create = await save(s.arb1!, { ...personal('arb-shared-1'), scope: 'shared' });
    expect(create.statusCode).toBe(403);
    expect(create.json()).toMatchObject({ error: { code: 'forbidden', field: 'scope' } });
    expect((await call(env.app, s.arb1!, 'POST', '/v1/macros/delete', { id: 'm-ls-force' })).statusCode).toBe(403);
    expect(await list(s.arb1!)).toEqual(before);
  });

  it('an arbitrator keeps personal macros: creates, edits and deletes their own, audited; nobody else sees them or may change them', async () => {
    const v0 = (await list(s.arb1!)).version;
    const created = await save(s.arb1!, personal('arb1-own'));
    expect(created.statusCode, created.body).toBe(200);
    expect(MacroSchema.parse(created.json())).toMatchObject({ id: 'arb1-own', scope: 'personal', ownerId: s.arb1!.userId, updatedBy: s.arb1!.userId, position: 100, action: null });
    const mine = await list(s.arb1!);
    expect(mine.version).not.toBe(v0);
    expect(mine.macros.some((m) => m.id === 'arb1-own')).toBe(true);
    // Others' lists do not carry it.
    expect((await list(s.arb2!)).macros.some((m) => m.id === 'arb1-own')).toBe(false);
    expect((await list(s.sup1!)).macros.some((m) => m.id === 'arb1-own')).toBe(false);
    // Nor may another user overwrite or delete it.
    expect((await save(s.arb2!, personal('arb1-own', { name: '抢' }))).statusCode).toBe(403);
    expect((await save(s.sup1!, personal('arb1-own', { name: '抢' }))).statusCode).toBe(403);
    expect((await call(env.app, s.arb2!, 'POST', '/v1/macros/delete', { id: 'arb1-own' })).statusCode).toBe(404);

    const edited = await save(s.arb1!, personal('arb1-own', { name: '改名', action: { type: 'escalate', category: 'policy_unclear' }, position: 5 }));
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await list(s.arb1!)).macros.find((m) => m.id === 'arb1-own')).toMatchObject({ name: '改名', action: { type: 'escalate', category: 'policy_unclear' }, position: 5 });
    expect(await audit('macro.create')).toEqual([expect.objectContaining({ actor_id: s.arb1!.userId, before: null })]);
    expect(await audit('macro.update')).toEqual([expect.objectContaining({ actor_id: s.arb1!.userId, before: expect.objectContaining({ name: '我的驳回' }) as unknown })]);
    expect((await call(env.app, s.arb1!, 'POST', '/v1/macros/delete', { id: 'arb1-own' })).statusCode).toBe(200);
    expect((await list(s.arb1!)).macros.some((m) => m.id === 'arb1-own')).toBe(false);
    expect(await audit('macro.delete')).toEqual([expect.objectContaining({ actor_id: s.arb1!.userId, after: null })]);
  });

  it('a supervisor edits a shared macro (audited) and every desk sees the new version', async () => {
    const v0 = (await list(s.arb1!)).version;
    const res = await save(s.sup1!, { ...personal('m-ls-force'), scope: 'shared', name: '不可抗力·有通告→驳回', position: 190 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ scope: 'shared', ownerId: null, updatedBy: s.sup1!.userId });
    const after = await list(s.arb2!);
    expect(after.version).not.toBe(v0);
    expect(after.macros.find((m) => m.id === 'm-ls-force')?.name).toBe('不可抗力·有通告→驳回');
    expect((await audit('macro.update')).some((a) => a.actor_id === s.sup1!.userId)).toBe(true);
  });

  it('a reason code, remedy or category the kind does not have, or an unknown variable, is a 400 naming the field; nothing is stored', async () => {
    const cases: Array<[Partial<MacroSaveRequest>, string, string]> = [
      [{ reasonCodes: ['AS_EMPTY_PARCEL'] }, 'reasonCodes[0]', 'AS_EMPTY_PARCEL'],
      [{ reasonCodes: ['LS_SHIPPED_LATE'] }, 'reasonCodes[0]', 'LS_SHIPPED_LATE'],
      [{ remedies: ['remove_review'] }, 'remedies[0]', 'remove_review'],
      [{ verdict: 'upheld', reasonCodes: ['LS_SHIPPED_LATE'], remedies: ['refund_buyer', 'return_and_refund'] }, 'remedies[1]', 'return_and_refund'],
      [{ note: '{{buyr}}的诉求不成立。' }, 'note', '{{buyr}}'],
      [{ action: { type: 'request_evidence', from: 'respondent', categories: ['unboxing_video'] } }, 'action.categories[0]', 'unboxing_video'],
    ];
    for (const [over, field, named] of cases) {
      const res = await save(s.sup1!, personal('bad-1', over));
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json(), JSON.stringify(over)).toMatchObject({ error: { code: 'invalid_body', field, message: expect.stringContaining(named) as string } });
    }
    expect((await save(s.sup1!, personal('bad-2', { kind: 'nonsense' as never }))).json()).toMatchObject({ error: { field: 'kind' } });
    expect((await save(s.sup1!, personal('bad-3', { verdict: 'maybe' as never }))).json()).toMatchObject({ error: { field: 'verdict' } });
    expect((await list(s.sup1!)).macros.some((m) => m.id.startsWith('bad-'))).toBe(false);
  });

  it("pull brings the caller's list when their version differs, and nothing when it is the same", async () => {
    const first = PullResponseSchema.parse((await call(env.app, s.arb1!, 'GET', '/v1/sync/pull')).json());
    expect(first.macros?.macros.length).toBeGreaterThan(0);
    const same = PullResponseSchema.parse((await call(env.app, s.arb1!, 'GET', `/v1/sync/pull?macrosVersion=${first.macros!.version}`)).json());
    expect(same.macros).toBeUndefined();
    // Another user's personal macro does not change this desk's version.
    expect((await save(s.arb2!, personal('arb2-own'))).statusCode).toBe(200);
    expect(PullResponseSchema.parse((await call(env.app, s.arb1!, 'GET', `/v1/sync/pull?macrosVersion=${first.macros!.version}`)).json()).macros).toBeUndefined();
    expect((await save(s.arb1!, personal('arb1-pull'))).statusCode).toBe(200);
    const changed = PullResponseSchema.parse((await call(env.app, s.arb1!, 'GET', `/v1/sync/pull?macrosVersion=${first.macros!.version}`)).json());
    expect(changed.macros?.macros.map((m) => m.id)).toContain('arb1-pull');
    expect(changed.macros?.macros.map((m) => m.id)).not.toContain('arb2-own');
  });

  it("push counts a macro's note as template text: against a critical finding, the note needs own words beyond it", async () => {
    const note = '经核查，延误系网点临时关闭所致。';
    expect((await save(s.arb1!, personal('arb1-note', { note }))).statusCode).toBe(200);
    const b = bundle(7101);
    b.traces![0]!.events[1]!.at = '2026-03-04T10:00:00+08:00'; // picked up after ship-by: SHIP_TIMEOUT, critical
    expect((await call(env.app, s.admin!, 'POST', '/v1/import', [b])).statusCode).toBe(200);
    const claimed = await call(env.app, s.arb1!, 'POST', '/v1/claims', { count: 50 });
    const c = claimed.json<{ cases: unknown[] }>().cases.map((x) => CaseViewSchema.parse(x)).find((x) => x.externalId === 'EXT-7101');
    expect(c).toBeDefined();
    const decide = async (clientId: string, text: string): Promise<MutationResult> => {
      const d = { ...decisionFor('late_shipment', s.arb1!.userId, clientId), reasonCodes: ['LS_FORCE_MAJEURE'], note: text };
      const r = await call(env.app, s.arb1!, 'POST', '/v1/sync/push', { mutations: [{ clientId, type: 'decide', caseId: c!.id, decision: d }] });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ results: MutationResult[] }>().results[0]!;
    };
    expect(await decide('macro-only', note)).toMatchObject({ status: 'rejected', reason: 'invalid_decision', issues: [expect.objectContaining({ code: 'note_own_words' })] });
    expect(await decide('macro-own', `${note}台风停运，快递网点关闭三天，有官方通告。`)).toMatchObject({ status: 'applied' });
  });
});
