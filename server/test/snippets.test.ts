import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseViewSchema, PullResponseSchema, SnippetListSchema, SnippetSchema, type MutationResult } from '@common/api';
import { DEFAULT_SNIPPETS } from '../db/defaultSnippets';
import { bundle, call, decisionFor, makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';

describe('note snippets (pglite)', () => {
  let env: TestEnv;
  let s: Record<string, Session>;
  beforeAll(async () => {
    env = await makeEnv('pglite');
    s = await seedUsers(env.app, ['arb1', 'sup1', 'admin']);
  });
  afterAll(async () => env?.close());

  const list = async (who: Session) => SnippetListSchema.parse((await call(env.app, who, 'GET', '/v1/snippets')).json());
  const audit = async (action: string) => env.database.db.selectFrom('audit_log').select(['actor_id', 'action', 'before', 'after']).where('action', '=', action).execute();

  it('starts with the defaults the migration seeded, every kind and verdict covered, readable by an arbitrator', async () => {
    const l = await list(s.arb1!);
    expect(l.snippets.map((x) => x.id)).toEqual(DEFAULT_SNIPPETS.map((d) => d.id));
    expect(l.snippets.find((x) => x.id === 'ls-1')).toMatchObject({ kind: 'late_shipment', verdict: 'upheld', language: 'zh-CN', updatedBy: null });
  });

  it('an arbitrator may not create, edit or delete one (403); the list is unchanged', async () => {
    const before = await list(s.arb1!);
    const save = await call(env.app, s.arb1!, 'POST', '/v1/snippets', { id: 'any-upheld-1', name: '改', kind: null, verdict: null, text: '改了' });
    expect(save.statusCode).toBe(403);
    expect(save.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await call(env.app, s.arb1!, 'POST', '/v1/snippets/delete', { id: 'any-upheld-1' })).statusCode).toBe(403);
    expect(await list(s.arb1!)).toEqual(before);
  });

  it('a supervisor creates, edits and deletes, each audited, and the list version changes each time', async () => {
    const v0 = (await list(s.sup1!)).version;
    const created = await call(env.app, s.sup1!, 'POST', '/v1/snippets', { id: 'sup-new-1', name: '催发货', kind: 'late_shipment', verdict: 'upheld', text: '{{merchant}}未在承诺时间内发出订单 {{orderId}}。' });
    expect(created.statusCode, created.body).toBe(200);
    expect(SnippetSchema.parse(created.json())).toMatchObject({ id: 'sup-new-1', updatedBy: s.sup1!.userId, position: 100 });
    const v1 = (await list(s.arb1!)).version;
    expect(v1).not.toBe(v0);
    const edited = await call(env.app, s.sup1!, 'POST', '/v1/snippets', { id: 'sup-new-1', name: '催发货', kind: null, verdict: null, text: '订单 {{orderId}} 金额 {{amount}}。', position: 5 });
    expect(edited.statusCode, edited.body).toBe(200);
    const after = await list(s.arb1!);
    expect(after.version).not.toBe(v1);
    // Position 5: after the first default (0), before the second (10).
    expect(after.snippets[1]).toMatchObject({ id: 'sup-new-1', kind: null, text: '订单 {{orderId}} 金额 {{amount}}。' });
    expect(await audit('snippet.create')).toEqual([expect.objectContaining({ actor_id: s.sup1!.userId, before: null })]);
    expect(await audit('snippet.update')).toEqual([expect.objectContaining({ actor_id: s.sup1!.userId, before: expect.objectContaining({ kind: 'late_shipment' }) as unknown })]);
    expect((await call(env.app, s.sup1!, 'POST', '/v1/snippets/delete', { id: 'sup-new-1' })).statusCode).toBe(200);
    expect((await list(s.arb1!)).snippets.some((x) => x.id === 'sup-new-1')).toBe(false);
    expect(await audit('snippet.delete')).toHaveLength(1);
    const again = await call(env.app, s.sup1!, 'POST', '/v1/snippets/delete', { id: 'sup-new-1' });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'not_found', field: 'id' } });
  });

  it('an unknown variable or a stray brace is a 400 naming the field and the variable; nothing is stored', async () => {
    const bad = await call(env.app, s.sup1!, 'POST', '/v1/snippets', { id: 'bad-1', name: '错', kind: null, verdict: null, text: '{{buyr}}的诉求不成立。' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_body', field: 'text', message: expect.stringContaining('{{buyr}}') as string } });
    const stray = await call(env.app, s.sup1!, 'POST', '/v1/snippets', { id: 'bad-2', name: '错', kind: null, verdict: null, text: '{{buyer} 的诉求' });
    expect(stray.statusCode).toBe(400);
    expect(stray.json()).toMatchObject({ error: { field: 'text' } });
    const kind = await call(env.app, s.sup1!, 'POST', '/v1/snippets', { id: 'bad-3', name: '错', kind: 'nonsense', verdict: null, text: '好' });
    expect(kind.json()).toMatchObject({ error: { field: 'kind' } });
    expect((await list(s.sup1!)).snippets.some((x) => x.id.startsWith('bad-'))).toBe(false);
  });

  it('pull brings the list when the client has another version, and nothing when it has this one', async () => {
    const first = PullResponseSchema.parse((await call(env.app, s.arb1!, 'GET', '/v1/sync/pull')).json());
    expect(first.snippets?.snippets.length).toBeGreaterThan(0);
    const same = PullResponseSchema.parse((await call(env.app, s.arb1!, 'GET', `/v1/sync/pull?snippetsVersion=${first.snippets!.version}`)).json());
    expect(same.snippets).toBeUndefined();
    await call(env.app, s.sup1!, 'POST', '/v1/snippets', { id: 'pull-1', name: '新', kind: null, verdict: null, text: '新的一条。' });
    const changed = PullResponseSchema.parse((await call(env.app, s.arb1!, 'GET', `/v1/sync/pull?snippetsVersion=${first.snippets!.version}`)).json());
    expect(changed.snippets?.snippets.map((x) => x.id)).toContain('pull-1');
  });

  it('push refuses a note against a critical finding that is only a snippet of the kind, and takes it with own words added', async () => {
    const snippet = '经核查，发货延误的原因属实，驳回投诉。';
    expect((await call(env.app, s.sup1!, 'POST', '/v1/snippets', { id: 'ls-own', name: '驳回', kind: 'late_shipment', verdict: 'rejected', text: snippet })).statusCode).toBe(200);
    const b = bundle(7001);
    b.traces![0]!.events[1]!.at = '2026-03-04T10:00:00+08:00'; // picked up after ship-by: SHIP_TIMEOUT, critical
    expect((await call(env.app, s.admin!, 'POST', '/v1/import', [b])).statusCode).toBe(200);
    const claimed = await call(env.app, s.arb1!, 'POST', '/v1/claims', { count: 50 });
    const c = claimed.json<{ cases: unknown[] }>().cases.map((x) => CaseViewSchema.parse(x)).find((x) => x.externalId === 'EXT-7001');
    expect(c).toBeDefined();
    const decide = async (clientId: string, note: string): Promise<MutationResult> => {
      const d = { ...decisionFor('late_shipment', s.arb1!.userId, clientId), reasonCodes: ['LS_FORCE_MAJEURE'], note };
      const r = await call(env.app, s.arb1!, 'POST', '/v1/sync/push', { mutations: [{ clientId, type: 'decide', caseId: c!.id, decision: d }] });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ results: MutationResult[] }>().results[0]!;
    };
    const only = await decide('snip-only', snippet);
    expect(only).toMatchObject({ status: 'rejected', reason: 'invalid_decision', issues: [expect.objectContaining({ code: 'note_own_words' })] });
    expect(await decide('snip-own', `${snippet}台风停运，快递网点关闭三天，有官方通告。`)).toMatchObject({ status: 'applied' });
  });
});
