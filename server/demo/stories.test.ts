import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CaseBundle } from '@common/domain/bundle';
import { COMPLAINT_KINDS, type ComplaintKind } from '@common/domain/case';
import { generateBundles, type Generated } from './bundles';
import { demoMediaFile } from './media';

const PER_KIND = 20;
const ANCHOR = '2026-06-01T00:00:00+08:00';
const H = 3_600_000;

/** The first PER_KIND generated cases of every kind. */
function byKind(seed: number): Map<ComplaintKind, Generated[]> {
  const out = new Map<ComplaintKind, Generated[]>(COMPLAINT_KINDS.map((k) => [k, []]));
  for (const g of generateBundles({ cases: 2000, seed, anchor: ANCHOR })) {
    const list = out.get(g.label.kind)!;
    if (list.length < PER_KIND) list.push(g);
    if ([...out.values()].every((l) => l.length >= PER_KIND)) break;
  }
  return out;
}
const cases = byKind(4711);

const sentences = (text: string): string[] =>
  text
    .split(/[。！？!?\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 6);

/** What the parties wrote in a case: title, complaint, chat, reviews. */
function texts(b: CaseBundle): string[] {
  return [b.case.title ?? '', b.case.complaintText ?? '', ...b.chats.flatMap((c) => c.messages.map((m) => m.text)), ...b.reviews.map((r) => r.text)];
}

/**
 * Topics a title or complaint can be about, per kind: the title's topics must meet the complaint's
 * (the old generator paired 宣传含量 titles with 宣传价格 complaints).
 */
const TOPICS: Partial<Record<ComplaintKind, Readonly<Record<string, RegExp>>>> = {
  false_advertising: { content: /含量|容量|功率/, price: /价格/, absolute: /极限词|绝对化/ },
  abnormal_affiliate: { content: /含量|容量|功率/, price: /价格/, absolute: /极限词|绝对化/ },
  abnormal_order: { ring: /同一.{0,3}地址/, commission: /佣金结算/, bulk: /集中|短时间/ },
  abnormal_after_sales: { empty: /空包|空的|空盒/, short: /少件|少了|数量/, logistics: /物流|单号/ },
  abnormal_review: { logistics: /快递/, contact: /联系方式|引流|广告/, duplicate: /重复|相同|一模一样|粘贴/, early: /未收|还没|未签收/, unfair: /不实|不符|失实/ },
};
const topicsOf = (kind: ComplaintKind, text: string): string[] => Object.entries(TOPICS[kind] ?? {}).flatMap(([k, re]) => (re.test(text) ? [k] : []));

/** Longest run of characters the two texts share. */
function sharedRun(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) {
    let k = 0;
    while (a[i + k] !== undefined && a[i + k] === b[j + k]) k++;
    if (k > best) best = k;
  }
  return best;
}

const NEGATIVE = ['失望', '差评', '不推荐', '后悔', '不会再买', '坏了', '起球', '不新鲜', '发烫', '差很多', '差太多', '不一样', '粗糙', '太慢'];
const POSITIVE = ['推荐购买', '会回购', '好评', '满意', '值得入手', '很好', '很舒服', '很方便'];

describe(`demo stories (${PER_KIND} cases of each kind)`, () => {
  it('found enough cases of every kind', () => {
    for (const [kind, list] of cases) expect(list.length, kind).toBe(PER_KIND);
  });

  it('repeats no sentence across the cases of one kind, and leaves no slot unfilled', () => {
    for (const [kind, list] of cases) {
      const seen = new Map<string, { id: string; parcels: Set<string> }>();
      for (const { bundle } of list) {
        for (const t of texts(bundle)) expect(t, `${kind} ${bundle.case.externalId}`).not.toMatch(/\{\w+\}/);
        // Cases of a reused tracking number (docs/clusters.md) quote one parcel's tail (尾号): the
        // same words about the same parcel are not a repeat of the generator.
        const parcels = new Set(bundle.traces.map((t) => t.trackingNumber));
        for (const s of new Set(texts(bundle).flatMap(sentences))) {
          const other = seen.get(s);
          const sameParcel = other !== undefined && [...other.parcels].some((p) => parcels.has(p) && s.includes(`尾号${p.slice(-6, -2)}`));
          if (!sameParcel) expect(other?.id, `${kind}: "${s}" in ${bundle.case.externalId} and ${other?.id}`).toBeUndefined();
          seen.set(s, { id: bundle.case.externalId, parcels });
        }
      }
    }
  });

  it('titles and complaints tell the same story, about the product bought', () => {
    for (const [kind, list] of cases)
      for (const { bundle } of list) {
        const title = bundle.case.title ?? '';
        const complaintText = bundle.case.complaintText ?? '';
        const where = `${kind} ${bundle.case.externalId}: ${title} / ${complaintText}`;
        expect(complaintText, where).toContain(bundle.specs[0]!.name);
        // Consumer kinds name the same problem in both (a defect, a colour, a tracking number); the others are checked by topic.
        if (!TOPICS[kind]) expect(sharedRun(title, complaintText), where).toBeGreaterThanOrEqual(4);
        else {
          const inTitle = topicsOf(kind, title);
          expect(inTitle.length, `${where}: the title has no topic`).toBeGreaterThan(0);
          expect(
            inTitle.some((t) => topicsOf(kind, complaintText).includes(t)),
            where,
          ).toBe(true);
        }
      }
  });

  it('keeps time: chats between order and filing, after delivery when about the goods, before pickup when asking for it', () => {
    for (const [kind, list] of cases)
      for (const { bundle, label } of list) {
        const filed = Date.parse(bundle.case.filedAt);
        const order = bundle.orders.find((o) => bundle.case.subject.orderIds.includes(o.id));
        const outbound = order && bundle.traces.find((t) => t.orderId === order.id && t.direction === 'outbound');
        const pickup = outbound?.events.find((e) => e.status === 'picked_up');
        const delivered = outbound?.events.find((e) => e.status === 'delivered');
        const traceTampered = label.injected.some((x) => ['EVENTS_OUT_OF_ORDER', 'DELIVERED_BEFORE_PICKUP'].includes(x));
        for (const chat of bundle.chats) {
          const at = chat.messages.map((m) => Date.parse(m.at));
          const where = `${kind} ${bundle.case.externalId}`;
          expect(at, where).toEqual([...at].sort((a, b) => a - b));
          expect(at[at.length - 1]!, `${where}: chat after filing`).toBeLessThanOrEqual(filed);
          if (order) expect(at[0]!, `${where}: chat before the order`).toBeGreaterThan(Date.parse(order.createdAt));
          if (['quality', 'not_as_described', 'counterfeit'].includes(kind) && delivered) expect(at[0]!, `${where}: complains before delivery`).toBeGreaterThan(Date.parse(delivered.at));
          if (kind === 'late_shipment' && pickup && order) {
            const late = Date.parse(pickup.at) > Date.parse(order.shipBy);
            if (late) expect(at[at.length - 1]!, `${where}: asks when it ships after pickup`).toBeLessThan(Date.parse(pickup.at));
            else if (delivered) expect(at[0]!, `${where}`).toBeGreaterThan(Date.parse(delivered.at));
          }
        }
        if (!traceTampered && pickup && delivered) expect(Date.parse(delivered.at)).toBeGreaterThan(Date.parse(pickup.at));
        for (const r of bundle.reviews.filter((x) => x.orderId === order?.id))
          if (delivered && !label.injected.includes('REVIEW_BEFORE_DELIVERY') && !traceTampered) expect(Date.parse(r.createdAt), `${kind} ${bundle.case.externalId}: review before delivery`).toBeGreaterThan(Date.parse(delivered.at));
        for (const m of bundle.media) if (m.capturedAt) expect(Date.parse(m.capturedAt), `${kind} ${bundle.case.externalId}: media after filing`).toBeLessThanOrEqual(filed);
      }
  });

  it('gives stars that match the words', () => {
    for (const [kind, list] of cases)
      for (const { bundle } of list)
        for (const r of bundle.reviews) {
          const where = `${kind} ${r.id} ${r.rating}★ ${r.text}`;
          if (r.rating >= 4) for (const w of NEGATIVE) expect(r.text.includes(w), `${where} says ${w}`).toBe(false);
          if (r.rating <= 2) for (const w of POSITIVE) expect(r.text.includes(w), `${where} says ${w}`).toBe(false);
        }
  });

  it('media are real files the backend serves (photos as png, unboxing clips as webm, by URI, size and hash)', () => {
    const kinds = { photo: 0, video: 0 };
    for (const list of cases.values())
      for (const { bundle } of list)
        for (const m of bundle.media) {
          const file = demoMediaFile(m.uri.split('/').pop()!);
          expect(file, m.uri).not.toBeNull();
          expect(file!.mimeType).toBe(m.mimeType);
          expect(file!.bytes.length).toBe(m.bytes);
          expect(createHash('sha256').update(file!.bytes).digest('hex')).toBe(m.sha256);
          if (m.kind === 'video') expect(m.purpose).toBe('unboxing');
          kinds[m.kind as 'photo' | 'video']++;
        }
    expect(kinds.photo).toBeGreaterThan(10);
    expect(kinds.video).toBeGreaterThan(0);
  });
});

describe('demo SLA mix', () => {
  it('files most cases inside their 48 h window, some near its end, some overdue, none in the future', () => {
    const now = Date.parse(ANCHOR);
    const left = [...generateBundles({ cases: 600, seed: 77, anchor: ANCHOR })].map(({ bundle }) => {
      expect(Date.parse(bundle.case.filedAt)).toBeLessThanOrEqual(now);
      return (Date.parse(bundle.case.dueAt) - now) / H;
    });
    const share = (f: (h: number) => boolean) => left.filter(f).length / left.length;
    expect(share((h) => h > 8)).toBeGreaterThan(0.6);
    expect(share((h) => h > 0 && h <= 8)).toBeGreaterThan(0.08);
    expect(share((h) => h > 0 && h <= 8)).toBeLessThan(0.25);
    expect(share((h) => h <= 0)).toBeGreaterThan(0.08);
    expect(share((h) => h <= 0)).toBeLessThan(0.25);
  });
});
