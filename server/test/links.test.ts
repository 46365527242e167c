import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseLinksResponseSchema, type CaseLinksResponse, type CaseView, type QaPlanCreated } from '@common/api';
import type { CaseBundleInput } from '@common/domain';
import { bundle, call, decisionFor, makeEnv, seedUsers, type Session, type TestEnv } from '../../testing/serverHarness';
import { backfillLinkKeys } from '../services/linkKeys';

/**
 * A fixture bundle with none of the fixture's keys: its own parties, address and tracking number,
 * then (optionally) one key put back, so each linked case links for one known reason.
 */
function apart(i: number, share: { buyer?: boolean; tracking?: boolean; address?: boolean } = {}): CaseBundleInput {
  const text = JSON.stringify(bundle(i))
    .replaceAll('"u1"', share.buyer ? '"u1"' : `"u1-${i}"`)
    .replaceAll('"m1"', `"m1-${i}"`)
    .replaceAll('"a1"', `"a1-${i}"`)
    .replaceAll('SF1000000001', share.tracking ? 'SF1000000001' : `SF20000${String(i).padStart(5, '0')}`)
    .replaceAll('北京市朝阳区建国路88号', share.address ? '北京市 朝阳区，建国路88号' : `北京市朝阳区建国路${i}号`);
  return JSON.parse(text) as CaseBundleInput;
}

/** GET /v1/cases/:caseId/links: which cases link to one and why, from the index; who may ask. */
describe('linked cases (pglite)', () => {
  let env: TestEnv;
  let s: Record<string, Session>;
  const byExt = new Map<string, string>();
  beforeAll(async () => {
    env = await makeEnv('pglite');
    s = await seedUsers(env.app, ['arb1', 'arb2', 'sup1', 'admin']);
    const items = [bundle(700), apart(701, { buyer: true }), apart(702, { tracking: true }), apart(703, { address: true }), apart(704), apart(705)];
    const imported = await call(env.app, s.admin!, 'POST', '/v1/import', items);
    expect(imported.statusCode, imported.body).toBe(200);
    for (const r of imported.json<{ results: Array<{ externalId: string; caseId: string }> }>().results) byExt.set(r.externalId, r.caseId);
  }, 120_000);
  afterAll(async () => env?.close());

  const links = (who: Session | null, caseId: string) => call(env.app, who, 'GET', `/v1/cases/${caseId}/links`);
  const id = (n: number) => byExt.get(`EXT-${n}`)!;

  it('lists the cases sharing a key with the asked one and why each links, in words', async () => {
    const r = await links(s.sup1!, id(700));
    expect(r.statusCode, r.body).toBe(200);
    const body: CaseLinksResponse = CaseLinksResponseSchema.parse(r.json());
    const why = new Map(body.links.map((l) => [l.externalId, l.why]));
    expect([...why.keys()].sort()).toEqual(['EXT-701', 'EXT-702', 'EXT-703']);
    expect(why.get('EXT-701')).toEqual([{ type: 'party', label: '张伟' }]);
    expect(why.get('EXT-702')?.map((w) => w.type)).toEqual(['tracking']);
    expect(why.get('EXT-702')?.[0]?.label).toContain('SF1000000001');
    // The address is compared normalised and shown as the linked case wrote it.
    expect(why.get('EXT-703')).toEqual([{ type: 'address', label: '北京市 朝阳区，建国路88号' }]);
    const l = body.links.find((x) => x.externalId === 'EXT-701')!;
    expect(l).toMatchObject({ caseId: id(701), open: true, holder: null, status: 'queued' });
    expect(l.amountFen).toBeGreaterThan(0);
    expect(body.keys.map((k) => k.type)).toEqual(expect.arrayContaining(['party', 'tracking', 'address', 'affiliate']));
    // Links are symmetric; a case that shares nothing links to nothing.
    expect(CaseLinksResponseSchema.parse((await links(s.sup1!, id(703))).json()).links.map((x) => x.externalId)).toEqual(['EXT-700']);
    expect(CaseLinksResponseSchema.parse((await links(s.sup1!, id(704))).json()).links).toEqual([]);
  });

  it('shows who holds a linked case, and that a decided one is no longer open', async () => {
    const claimed = await call(env.app, s.arb1!, 'POST', '/v1/claims', { count: 6 });
    const held = claimed.json<{ cases: CaseView[] }>().cases;
    expect(held).toHaveLength(6);
    const c701 = held.find((c) => c.externalId === 'EXT-701')!;
    const push = await call(env.app, s.arb1!, 'POST', '/v1/sync/push', { mutations: [{ clientId: 'l-dec-1', type: 'decide', caseId: c701.id, decision: decisionFor(c701.kind, s.arb1!.userId, 'l-dec-1') }] });
    expect(push.json<{ results: Array<{ status: string }> }>().results[0]!.status).toBe('applied');
    const body = CaseLinksResponseSchema.parse((await links(s.arb1!, id(700))).json());
    const l701 = body.links.find((x) => x.externalId === 'EXT-701')!;
    const l702 = body.links.find((x) => x.externalId === 'EXT-702')!;
    expect(l701).toMatchObject({ open: false, status: 'decided' });
    expect(l702).toMatchObject({ open: true, status: 'claimed', holder: { id: s.arb1!.userId } });
    // Open cases first.
    expect(body.links.at(-1)!.externalId).toBe('EXT-701');
  });

  it('arbitrators only for cases they hold (others answer as missing), supervisors for any, admins never', async () => {
    expect((await links(s.arb2!, id(700))).statusCode).toBe(404);
    expect((await links(s.arb1!, 'no-such-case')).statusCode).toBe(404);
    expect((await links(s.sup1!, id(700))).statusCode).toBe(200);
    expect((await links(s.admin!, id(700))).statusCode).toBe(403);
    expect((await links(null, id(700))).statusCode).toBe(401);
  });

  it('a supervisor never sees the links of a case under their open blind review', async () => {
    const plan = await call(env.app, s.sup1!, 'POST', '/v1/qa/plans', { name: 'l', method: { type: 'random', size: 1 }, population: { arbitratorIds: [s.arb1!.userId] }, seed: 3 });
    expect(plan.statusCode, plan.body).toBe(201);
    const items = plan.json<QaPlanCreated>().items;
    expect(items.map((i) => i.caseId)).toEqual([id(701)]);
    const blind = await links(s.sup1!, id(701));
    expect(blind.statusCode).toBe(403);
    expect(blind.json()).toMatchObject({ error: { field: 'caseId' } });
    expect((await links(s.sup1!, id(702))).statusCode).toBe(200);
  });

  it('re-indexes keys when evidence is added, and fills cases that have none', async () => {
    // The platform adds a return parcel to 705 carrying 704's tracking number: now they link.
    const b704 = apart(704);
    const trace = { ...b704.traces![0]!, direction: 'return' as const, orderId: 'o1' };
    const add = await call(env.app, s.admin!, 'POST', `/v1/platform/cases/EXT-705/evidence`, { traces: [trace] });
    expect(add.statusCode, add.body).toBe(200);
    // The case view (spliced from the bundle's stored text) carries the parcel the platform added.
    const seen = (await call(env.app, s.sup1!, 'GET', `/v1/cases/${id(705)}`)).json<CaseView>();
    expect(seen.bundle.traces.map((t) => [t.direction, t.trackingNumber])).toContainEqual(['return', trace.trackingNumber]);
    const body = CaseLinksResponseSchema.parse((await links(s.sup1!, id(704))).json());
    expect(body.links.map((l) => [l.externalId, l.why.map((w) => w.type)])).toEqual([['EXT-705', ['tracking']]]);
    // A case without keys (imported before migration 15) gets them from the backfill.
    await env.database.db.deleteFrom('case_link_keys').where('case_id', '=', id(704)).execute();
    expect(CaseLinksResponseSchema.parse((await links(s.sup1!, id(705))).json()).links).toEqual([]);
    expect(await backfillLinkKeys(env.database.db)).toBe(1);
    expect(CaseLinksResponseSchema.parse((await links(s.sup1!, id(705))).json()).links.map((l) => l.externalId)).toEqual(['EXT-704']);
  });
});
