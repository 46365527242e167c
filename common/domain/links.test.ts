import { describe, expect, it } from 'vitest';
import type { CaseBundle } from './bundle';
import type { ComplaintKind } from './case';
import { clusters, directLinks, linkKeys, normaliseRingAddress, sharedKeys, type CaseKeys } from './links';
import { parseCaseBundle } from './parse';

const T = '2026-05-20T10:00:00+08:00';
const HASH = (c: string) => c.repeat(64);

type Spec = {
  id: string;
  kind: ComplaintKind;
  complainant: [id: string, name: string, role?: 'user' | 'merchant' | 'affiliate'];
  respondent: [id: string, name: string, role?: 'user' | 'merchant' | 'affiliate'];
  address?: string;
  affiliate?: [id: string, name: string];
  tracking?: string;
  media?: string;
};

/** A minimal valid bundle: one subject order between the two parties, with what the spec adds. */
function bundle(s: Spec): CaseBundle {
  const [cId, cName, cRole = 'user'] = s.complainant;
  const [rId, rName, rRole = 'merchant'] = s.respondent;
  const buyer = cRole === 'user' ? cId : rId;
  const merchant = cRole === 'merchant' ? cId : rRole === 'merchant' ? rId : 'M-x';
  const parties = [
    { id: cId, role: cRole, displayName: cName, accountCreatedAt: T },
    { id: rId, role: rRole, displayName: rName, accountCreatedAt: T },
    ...(merchant === 'M-x' ? [{ id: 'M-x', role: 'merchant' as const, displayName: '某店', accountCreatedAt: T }] : []),
    ...(s.affiliate && s.affiliate[0] !== cId && s.affiliate[0] !== rId ? [{ id: s.affiliate[0], role: 'affiliate' as const, displayName: s.affiliate[1], accountCreatedAt: T }] : []),
  ];
  const order = {
    id: `O-${s.id}`,
    buyerId: buyer,
    merchantId: merchant,
    ...(s.affiliate ? { affiliateId: s.affiliate[0] } : {}),
    items: [{ sku: 'SKU-1', name: '羊毛衫', qty: 1, unitPriceFen: 9_900, unitWeightG: 300 }],
    paidFen: 9_900,
    createdAt: T,
    shipBy: T,
    shippingAddress: { province: '广东省', city: '深圳市', normalised: s.address ?? `广东省深圳市南山区${s.id}路1号` },
  };
  const r = parseCaseBundle({
    case: { id: s.id, externalId: `EXT-${s.id}`, kind: s.kind, complainantId: cId, respondentId: rId, subject: { type: 'order', orderIds: [order.id] }, filedAt: T, dueAt: T },
    parties,
    orders: [order],
    traces: s.tracking ? [{ trackingNumber: s.tracking, carrier: '中通', direction: 'outbound', orderId: order.id, events: [] }] : [],
    media: s.media ? [{ id: `MD-${s.id}`, kind: 'photo', sha256: s.media, mimeType: 'image/png', bytes: 1, uri: `x/${s.id}.png` }] : [],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const keysOf = (s: Spec): CaseKeys => ({ caseId: s.id, keys: linkKeys(bundle(s)) });

describe('linkKeys', () => {
  it('takes the parties, the subject address, the affiliate, every tracking number and media hash, each once, in words', () => {
    const keys = linkKeys(bundle({ id: 'a', kind: 'quality', complainant: ['U1', '张三'], respondent: ['M1', '好物店'], address: '广东省深圳市 南山区，科技园1号', affiliate: ['A1', '小美'], tracking: 'ZT123456', media: HASH('a') }));
    expect(keys).toEqual([
      { type: 'party', value: 'U1', label: '张三' },
      { type: 'party', value: 'M1', label: '好物店' },
      { type: 'affiliate', value: 'A1', label: '小美' },
      { type: 'address', value: '广东省深圳市南山区科技园1号', label: '广东省深圳市 南山区，科技园1号' },
      { type: 'tracking', value: 'ZT123456', label: '中通 ZT123456' },
      { type: 'media', value: HASH('a'), label: 'aaaaaaaa' },
    ]);
  });
  it('counts an affiliate respondent as an affiliate, not as a party', () => {
    const keys = linkKeys(bundle({ id: 'b', kind: 'abnormal_affiliate', complainant: ['M1', '好物店', 'merchant'], respondent: ['A1', '小美', 'affiliate'] }));
    expect(keys.filter((k) => k.type === 'affiliate').map((k) => k.value)).toEqual(['A1']);
    expect(keys.filter((k) => k.type === 'party').map((k) => k.value)).toEqual(['M1']);
  });
  it('compares addresses without spaces, punctuation or case', () => {
    expect(normaliseRingAddress('深圳市 南山区，科技园-1号 A座')).toBe(normaliseRingAddress('深圳市南山区科技园1号a座'));
    expect(normaliseRingAddress('深圳市南山区科技园1号')).not.toBe(normaliseRingAddress('深圳市南山区科技园2号'));
  });
});

describe('sharedKeys and directLinks', () => {
  const a: Spec = { id: 'a', kind: 'quality', complainant: ['U1', '张三'], respondent: ['M1', '好物店'], address: '深圳市南山区科技园1号', tracking: 'ZT100001', media: HASH('1') };
  it('says why each link holds, one reason per shared key, in key-type order', () => {
    const b: Spec = { id: 'b', kind: 'fake_shipment', complainant: ['U2', '李四'], respondent: ['M2', '别家店'], address: '深圳市 南山区 科技园1号', tracking: 'ZT100001', media: HASH('1') };
    expect(sharedKeys(keysOf(a).keys, keysOf(b).keys).map((k) => k.type)).toEqual(['tracking', 'address', 'media']);
  });
  it('links on each kind of key alone, and on none when nothing is shared', () => {
    const none: Spec = { id: 'n', kind: 'quality', complainant: ['U9', '王五'], respondent: ['M9', '第九店'], tracking: 'ZT900009', media: HASH('9') };
    const only = (patch: Partial<Spec>) => directLinks(keysOf(a), [keysOf({ ...none, ...patch })]).map((l) => l.why.map((k) => k.type));
    expect(only({})).toEqual([]);
    expect(only({ complainant: ['U1', '张三'] })).toEqual([['party']]);
    expect(only({ respondent: ['M1', '好物店'] })).toEqual([['party']]);
    expect(only({ tracking: 'ZT100001' })).toEqual([['tracking']]);
    expect(only({ address: '深圳市南山区科技园1号' })).toEqual([['address']]);
    expect(only({ media: HASH('1') })).toEqual([['media']]);
    expect(directLinks(keysOf({ ...a, affiliate: ['A7', '小七'] }), [keysOf({ ...none, affiliate: ['A7', '小七'] })]).map((l) => l.why.map((k) => k.value))).toEqual([['A7']]);
  });
  it('never links a case to itself, and keeps the others in the order given', () => {
    const b: Spec = { id: 'b', kind: 'quality', complainant: ['U1', '张三'], respondent: ['M2', '别家店'] };
    const c: Spec = { id: 'c', kind: 'quality', complainant: ['U3', '赵六'], respondent: ['M1', '好物店'] };
    expect(directLinks(keysOf(a), [keysOf(c), keysOf(a), keysOf(b)]).map((l) => l.caseId)).toEqual(['c', 'b']);
  });
  it('does not link a tracking number to an address of the same text (the key type is part of the key)', () => {
    const x: Spec = { id: 'x', kind: 'quality', complainant: ['U1x', '甲'], respondent: ['M1x', '乙'], tracking: 'SAME1234' };
    const y: Spec = { id: 'y', kind: 'quality', complainant: ['U2y', '丙'], respondent: ['M2y', '丁'], address: 'SAME1234' };
    expect(directLinks(keysOf(x), [keysOf(y)])).toEqual([]);
  });
});

describe('clusters', () => {
  it('joins a ring that spans kinds through a chain of different keys', () => {
    // A consumer complaint and a merchant's complaint about the same buyer's address; that buyer's
    // other complaint reuses a tracking number with a fake-shipment case; an affiliate case shares a
    // photo with it. Five kinds, four kinds of key, one cluster; two cases stay apart.
    const ring: Spec[] = [
      { id: 'q', kind: 'quality', complainant: ['U1', '张三'], respondent: ['M1', '甲店'], address: '上海市浦东新区张江路8号' },
      { id: 'o', kind: 'abnormal_order', complainant: ['M2', '乙店', 'merchant'], respondent: ['U2', '李四'], address: '上海市 浦东新区 张江路8号' },
      { id: 'f', kind: 'fake_shipment', complainant: ['U2', '李四'], respondent: ['M3', '丙店'], tracking: 'YT0001' },
      { id: 's', kind: 'abnormal_after_sales', complainant: ['M4', '丁店', 'merchant'], respondent: ['U5', '孙七'], tracking: 'YT0001', media: HASH('c') },
      { id: 'af', kind: 'abnormal_affiliate', complainant: ['M6', '戊店', 'merchant'], respondent: ['A6', '小六', 'affiliate'], media: HASH('c') },
    ];
    const apart: Spec[] = [
      { id: 'x', kind: 'quality', complainant: ['U8', '周八'], respondent: ['M8', '己店'] },
      { id: 'y', kind: 'counterfeit', complainant: ['U9', '吴九'], respondent: ['M9', '庚店'], tracking: 'YT0002' },
    ];
    const all = [apart[0]!, ...ring, apart[1]!].map(keysOf);
    expect(clusters(all)).toEqual([['x'], ['q', 'o', 'f', 's', 'af'], ['y']]);
    // Each link in the chain says its own reason.
    const why = (from: Spec, to: Spec) => directLinks(keysOf(from), [keysOf(to)])[0]?.why.map((k) => k.type);
    expect(why(ring[0]!, ring[1]!)).toEqual(['address']);
    expect(why(ring[1]!, ring[2]!)).toEqual(['party']);
    expect(why(ring[2]!, ring[3]!)).toEqual(['tracking']);
    expect(why(ring[3]!, ring[4]!)).toEqual(['media']);
    // The ends do not link directly: the cluster is the chain, not a shared key.
    expect(why(ring[0]!, ring[4]!)).toBeUndefined();
  });
  it('breaks the ring when one key in the chain is dropped', () => {
    const specs: Spec[] = [
      { id: 'p', kind: 'quality', complainant: ['U1', '张三'], respondent: ['M1', '甲店'], tracking: 'SF100001' },
      { id: 'q', kind: 'late_shipment', complainant: ['U2', '李四'], respondent: ['M2', '乙店'], tracking: 'SF100001', media: HASH('d') },
      { id: 'r', kind: 'abnormal_review', complainant: ['M3', '丙店', 'merchant'], respondent: ['U3', '王五'], media: HASH('d') },
    ];
    expect(clusters(specs.map(keysOf))).toEqual([['p', 'q', 'r']]);
    const dropped = specs.map((s) => (s.id === 'r' ? { ...s, media: HASH('e') } : s));
    expect(clusters(dropped.map(keysOf))).toEqual([['p', 'q'], ['r']]);
  });
});
