import type { CaseBundle } from '@common/domain/bundle';
import type { Case, ComplaintKind, PriorComplaint } from '@common/domain/case';
import type { Call, ChatLog, ClaimExcerpt, LivestreamSession, MediaRef, Order, Party, ProductSpec, Review, Trace, TraceEvent } from '@common/domain/entities';
import { distanceKm, CITIES, type City } from '@common/rules/cities';
import { normaliseText } from '@common/rules/text';
import type { FindingCode } from '@common/rules/types';
import * as C from './content';
import { demoPhoto, demoVideo } from './media';
import * as S from './stories';
import { GEN_CITIES, MERCHANT_HUBS, TRANSIT_HUBS, type GenCity } from './geo';
import { Rng, cst } from './rng';

const H = 3_600_000;
const D = 24 * H;
const MIN = 60_000;

export type GroundTruth = {
  caseId: string;
  externalId: string;
  kind: ComplaintKind;
  /** Assessment time for the labels: 2 h after filing. They also hold at any later time (stalled parcels are already past 48 h). */
  at: string;
  /** Names of the anomalies injected; empty for a clean case. */
  injected: string[];
  /** Every finding code the rules engine must raise for this bundle, and no other. */
  expected: FindingCode[];
};
export type Generated = { bundle: CaseBundle; label: GroundTruth };

export type GenerateOptions = {
  cases: number;
  seed: number;
  /**
   * "Now" for the generated cases: most are filed within their 48 h decision window before it, a
   * few close to its end, a few overdue (see filedBefore). Default 2026-06-01T00:00:00+08:00.
   */
  anchor?: string | Date;
  /** Index of the first case (to regenerate a slice). */
  start?: number;
  /** Share of cases that get a kind-specific anomaly. Default 0.6. */
  anomalyRate?: number;
};

const KIND_WEIGHTS: readonly (readonly [ComplaintKind, number])[] = [
  ['quality', 14], ['not_as_described', 12], ['late_shipment', 10], ['fake_shipment', 9], ['abnormal_after_sales', 12],
  ['abnormal_review', 10], ['abnormal_order', 8], ['abnormal_affiliate', 7], ['false_advertising', 7], ['counterfeit', 5], ['service_unreachable', 6],
];

/** Kind-specific anomalies and the codes each one must produce (some imply a second code). */
type Injection = { name: string; codes: FindingCode[] };
const inj = (name: string, ...codes: FindingCode[]): Injection => ({ name, codes: codes.length ? codes : [name as FindingCode] });
const INJECTIONS: Readonly<Record<ComplaintKind, readonly Injection[]>> = {
  abnormal_order: [inj('SHARED_ADDRESS_RING'), inj('REFUND_AFTER_COMMISSION'), inj('ORDER_OUTSIDE_WINDOW')],
  abnormal_after_sales: [
    inj('WEIGHT_SHORTFALL'), inj('NO_MOVEMENT_AFTER_PICKUP'), inj('TRACKING_REUSED'), inj('DESTINATION_MISMATCH'), inj('IMPOSSIBLE_TRANSIT'),
    inj('EVENTS_OUT_OF_ORDER'), inj('DELIVERED_BEFORE_PICKUP', 'DELIVERED_BEFORE_PICKUP', 'EVENTS_OUT_OF_ORDER'), inj('ORDER_OUTSIDE_WINDOW'),
  ],
  abnormal_review: [inj('REVIEW_BEFORE_DELIVERY'), inj('REVIEW_BLAMES_LOGISTICS'), inj('REVIEW_DUPLICATE_TEXT'), inj('REVIEW_CONTACT_INFO'), inj('REVIEW_OUTSIDE_WINDOW')],
  abnormal_affiliate: [inj('ABSOLUTE_TERM'), inj('CLAIM_CONTRADICTS_SPEC'), inj('PRICE_CLAIM_MISMATCH'), inj('ORDER_OUTSIDE_WINDOW')],
  // Quality disputes are judged on photos and expertise, not on a rule: only party-level anomalies apply.
  quality: [],
  not_as_described: [],
  counterfeit: [],
  late_shipment: [inj('SHIP_TIMEOUT'), inj('SHIP_TIMEOUT'), inj('SHIP_TIMEOUT')],
  fake_shipment: [
    inj('NO_MOVEMENT_AFTER_PICKUP'), inj('NO_MOVEMENT_AFTER_PICKUP'), inj('TRACKING_REUSED'), inj('IMPOSSIBLE_TRANSIT'), inj('DESTINATION_MISMATCH'), inj('WEIGHT_SHORTFALL'),
    inj('EVENTS_OUT_OF_ORDER'), inj('DELIVERED_BEFORE_PICKUP', 'DELIVERED_BEFORE_PICKUP', 'EVENTS_OUT_OF_ORDER'),
  ],
  service_unreachable: [inj('SERVICE_UNREACHABLE'), inj('SERVICE_UNREACHABLE')],
  false_advertising: [inj('ABSOLUTE_TERM'), inj('CLAIM_CONTRADICTS_SPEC'), inj('PRICE_CLAIM_MISMATCH')],
};
/** Incomplete bundles: rare in practice, so drawn apart from the kind-specific anomalies. */
const MISSING_RATE = 0.03;
/** Party-level anomalies, independent of the kind-specific one. */
const SERIAL_RATE = 0.04;
const REFUND_RATE = 0.04;
const BUYER_HISTORY_KINDS: readonly ComplaintKind[] = ['abnormal_after_sales', 'abnormal_order', 'quality', 'not_as_described', 'counterfeit'];

const CARRIERS = [
  { name: '顺丰', air: true, tn: (r: Rng) => `SF${r.digits(13)}` },
  { name: '中通', air: false, tn: (r: Rng) => `7${r.digits(14)}` },
  { name: '圆通', air: false, tn: (r: Rng) => `YT${r.digits(13)}` },
  { name: '韵达', air: false, tn: (r: Rng) => `43${r.digits(13)}` },
  { name: '申通', air: false, tn: (r: Rng) => `77${r.digits(13)}` },
  { name: '京东物流', air: true, tn: (r: Rng) => `JDVA${r.digits(11)}` },
  { name: '邮政', air: false, tn: (r: Rng) => `98${r.digits(11)}` },
] as const;

type Product = { spec: ProductSpec; tpl: C.ProductTemplate; weightG: number; livePriceFen: number };

/** Builds one case; all state lives here so a case never leaks into the next. */
class CaseBuilder {
  readonly r: Rng;
  readonly kind: ComplaintKind;
  readonly id: string;
  readonly filed: number;
  readonly at: number;
  private n = 0;
  parties: Party[] = [];
  orders: Order[] = [];
  traces: Trace[] = [];
  reviews: Review[] = [];
  sessions: LivestreamSession[] = [];
  excerpts: ClaimExcerpt[] = [];
  specs: ProductSpec[] = [];
  chats: ChatLog[] = [];
  calls: Call[] = [];
  media: MediaRef[] = [];
  prior: PriorComplaint[] = [];
  injected: Injection[] = [];

  constructor(r: Rng, kind: ComplaintKind, id: string, filed: number) {
    this.r = r;
    this.kind = kind;
    this.id = id;
    this.filed = filed;
    this.at = filed + 2 * H;
  }

  nextId(prefix: string): string {
    return `${prefix}-${this.id}-${++this.n}`;
  }

  //#region parties and places
  address(gc: GenCity): Order['shippingAddress'] {
    const district = this.r.pick(gc.districts);
    const line = `${this.r.f.location.street()}${this.r.int(1, 999)}号${this.r.chance(0.6) ? `${this.r.int(1, 30)}栋${this.r.int(1, 32)}0${this.r.int(1, 6)}室` : ''}`;
    const city = `${gc.city.zh}市`;
    const prov = gc.province === city ? '' : gc.province;
    return { province: gc.province, city, district, line, normalised: `${prov}${city}${district}${line}` };
  }
  user(): Party {
    const p: Party = { id: this.nextId('U'), role: 'user', displayName: this.r.f.person.fullName(), accountCreatedAt: cst(this.filed - this.r.int(30, 2000) * D), phoneMasked: `1${this.r.int(3, 9)}${this.r.digits(1)}****${this.r.digits(4)}` };
    this.parties.push(p);
    return p;
  }
  merchant(hub: GenCity): Party {
    const shop = `${this.r.f.person.lastName()}${this.r.pick(['记', '家', '氏'])}${this.r.pick(['优品', '好物', '生活馆', '旗舰店', '严选', '工厂店'])}`;
    const p: Party = { id: this.nextId('M'), role: 'merchant', displayName: shop, shopName: shop, accountCreatedAt: cst(this.filed - this.r.int(200, 3000) * D), returnAddress: this.address(hub) };
    this.parties.push(p);
    return p;
  }
  affiliate(): Party {
    const nick = `${this.r.pick(['小', '阿', '大', ''])}${this.r.f.person.firstName()}${this.r.pick(['直播间', '好物分享', '的小店', '严选', '探店'])}`;
    const p: Party = { id: this.nextId('A'), role: 'affiliate', displayName: nick, accountCreatedAt: cst(this.filed - this.r.int(90, 1500) * D), starRating: this.r.int(2, 5) };
    this.parties.push(p);
    return p;
  }
  product(merchant: Party): Product {
    const tpl = this.r.pick(C.PRODUCTS);
    const listed = this.r.int(tpl.priceYuan[0], tpl.priceYuan[1]) * 100;
    const attributes: ProductSpec['attributes'] = tpl.numeric.map((a) => ({ name: a.name, value: this.r.pick(a.values), unit: a.unit }));
    for (const a of tpl.text) attributes.push({ name: a.name, value: this.r.pick(a.values) });
    const spec: ProductSpec = { sku: this.nextId('SKU'), merchantId: merchant.id, name: this.r.pick(tpl.names), category: tpl.category, listedPriceFen: listed, attributes };
    this.specs.push(spec);
    // Live-room price: a whole-yuan discount off the listed price, as hosts announce it.
    const livePriceFen = Math.max(100, listed - this.r.int(0, Math.floor(listed / 300)) * 100);
    return { spec, tpl, weightG: this.r.int(tpl.weightG[0], tpl.weightG[1]), livePriceFen };
  }
  //#endregion

  //#region orders and traces
  order(buyer: Party, merchant: Party, product: Product, created: number, opts: { affiliate?: Party; address?: Order['shippingAddress']; dest?: GenCity; qty?: number; live?: boolean } = {}): Order {
    const qty = opts.qty ?? (this.r.chance(0.8) ? 1 : this.r.int(2, 3));
    const unit = opts.live ? product.livePriceFen : product.spec.listedPriceFen;
    const o: Order = {
      id: this.nextId('O'),
      buyerId: buyer.id,
      merchantId: merchant.id,
      items: [{ sku: product.spec.sku, name: product.spec.name, qty, unitPriceFen: product.spec.listedPriceFen, unitWeightG: product.weightG }],
      paidFen: unit * qty,
      createdAt: cst(created),
      shipBy: cst(created + 48 * H),
      shippingAddress: opts.address ?? this.address(opts.dest ?? this.r.pick(GEN_CITIES)),
      refunds: [],
    };
    if (opts.affiliate) {
      o.affiliateId = opts.affiliate.id;
      o.commissionFen = Math.round(o.paidFen * 0.1);
    }
    this.orders.push(o);
    return o;
  }

  /**
   * A plausible trace: pickup in the sender's city, sorting, an optional transit hub, arrival,
   * delivery. Leg times follow distance at truck speed (air for 顺丰/京东 on long routes), always
   * far below the impossible-transit threshold.
   */
  trace(orderId: string, direction: Trace['direction'], from: City, to: City, createdAt: number, pickupAt: number, weightG: number): { trace: Trace; deliveredAt: number } {
    const carrier = this.r.pick(CARRIERS);
    const ev: TraceEvent[] = [];
    let seq = 1;
    const push = (at: number, city: City, status: TraceEvent['status'], extra: Partial<TraceEvent> = {}) => ev.push({ seq: seq++, at: cst(at), city: city.zh, status, ...extra });
    push(createdAt, from, 'created', { description: '商家已下单，等待揽收' });
    push(pickupAt, from, 'picked_up', { weightGrams: weightG, description: `快件已由【${from.zh}营业点】揽收` });
    const jitter = () => this.r.int(0, 59) * MIN;
    let t = pickupAt + this.r.int(2, 5) * H + jitter();
    push(t, from, 'in_transit', { description: `快件已到达【${from.zh}转运中心】` });
    const total = distanceKm(from, to);
    let here = from;
    const hubs = TRANSIT_HUBS.filter((h) => h.city !== from && h.city !== to && distanceKm(from, h.city) + distanceKm(h.city, to) < total * 1.25);
    if (total > 800 && hubs.length && this.r.chance(0.6)) {
      const hub = this.r.pick(hubs).city;
      t += (distanceKm(here, hub) / 60) * H + this.r.int(1, 4) * H + jitter();
      push(t, hub, 'in_transit', { description: `快件已到达【${hub.zh}转运中心】` });
      here = hub;
    }
    if (here !== to) {
      const air = carrier.air && distanceKm(here, to) > 1000;
      t += (distanceKm(here, to) / (air ? 500 : 60)) * H + this.r.int(2, 6) * H + jitter();
      push(t, to, 'in_transit', { description: `快件已到达【${to.zh}分拨中心】` });
    }
    t += this.r.int(2, 10) * H + jitter();
    push(t, to, 'out_for_delivery', { description: `快递员正在派件，电话：1${this.r.int(3, 9)}${this.r.digits(9)}` });
    t += this.r.int(1, 5) * H + jitter();
    push(t, to, 'delivered', { description: '您的快件已签收' });
    const trace: Trace = { trackingNumber: `${carrier.tn(this.r)}${String(this.n).padStart(2, '0')}`, carrier: carrier.name, direction, orderId, declaredWeightG: Math.round(weightG / 100) * 100 || 100, events: ev };
    this.traces.push(trace);
    return { trace, deliveredAt: t };
  }

  parcelWeight(o: Order): number {
    let w = 0;
    for (const it of o.items) w += it.qty * it.unitWeightG;
    return w + this.r.int(40, 200);
  }

  /** Outbound parcel for `o`, picked up `pickupDelayH` after ordering. */
  ship(o: Order, merchantCity: City, pickupDelayH: number): { trace: Trace; deliveredAt: number; pickupAt: number } {
    const created = Date.parse(o.createdAt);
    const pickupAt = created + pickupDelayH * H + this.r.int(0, 50) * MIN;
    const dest = cityOf(o.shippingAddress.city);
    const r = this.trace(o.id, 'outbound', merchantCity, dest, created + this.r.int(10, 60) * MIN, pickupAt, this.parcelWeight(o));
    return { ...r, pickupAt };
  }
  //#endregion

  //#region texts
  /** Review text whose tone matches its stars: 4–5 stars praise, 1–2 complain (about `bad` when given). */
  reviewText(p: Product, good: boolean, bad?: string, extra = ''): string {
    const name = p.spec.name;
    if (good) {
      const [a, b] = this.r.f.helpers.arrayElements(p.tpl.good, 2);
      return `${this.r.pick(C.REVIEW_GOOD_OPENERS)}${this.r.pick(['这个', '买的', '', '第一次买'])}${name}${a}，${b ?? a}，${extra}${this.r.pick(C.REVIEW_GOOD_CLOSERS)}`;
    }
    return `${this.r.pick(C.REVIEW_BAD_OPENERS)}${this.r.pick(['买的', '这次的', '收到的'])}${name}${bad ?? this.r.pick(p.tpl.bad)}，${extra}${this.r.pick(C.REVIEW_BAD_CLOSERS)}`;
  }
  /** Stars for a text of that tone. */
  stars(good: boolean): number {
    return good ? this.r.int(4, 5) : this.r.int(1, 2);
  }
  /** A photo (or, for unboxing, a clip) that exists: made by server/demo/media.ts, served by the backend, its hash the real one. */
  photo(purpose: MediaRef['purpose'], p: Product, by: string, at: number): MediaRef {
    const id = this.nextId('MD');
    const variant = this.r.int(0, 0xffffffff);
    // Half of the unboxing evidence is a clip rather than a photo (decided by the same draw, so the
    // rest of the generated data does not move).
    const video = purpose === 'unboxing' && (variant & 1) === 1;
    const file = video ? demoVideo(variant) : demoPhoto(C.PRODUCTS.indexOf(p.tpl), variant);
    const m: MediaRef = { id, kind: video ? 'video' : 'photo', purpose, sha256: file.sha256, mimeType: file.mimeType, bytes: file.bytes, uri: file.uri, capturedAt: cst(at), uploadedBy: by };
    this.media.push(m);
    return m;
  }
  /**
   * The service chat: each turn (buyer, then the shop's reply unless it is empty: an unreachable shop)
   * falls inside its own window [from, to], in order, so the chat agrees with the parcel's timeline.
   */
  chat(o: Order, buyer: Party, merchant: Party, turns: readonly (readonly [S.ChatTurn, number, number])[]): void {
    const msgs: ChatLog['messages'] = [];
    let last = 0;
    for (const [[ask, reply], from, to] of turns) {
      const lo = Math.max(from, last + MIN);
      const hi = Math.max(lo, to);
      let t = lo + Math.floor(this.r.float(0, 0.6) * (hi - lo));
      msgs.push({ at: cst(t), fromId: buyer.id, text: ask, mediaIds: [] });
      if (reply !== '') {
        t += Math.min(Math.max(MIN, hi - t), this.r.int(1, 90) * MIN);
        msgs.push({ at: cst(t), fromId: merchant.id, text: reply, mediaIds: [] });
      }
      last = t;
    }
    this.chats.push({ id: this.nextId('CH'), orderId: o.id, participantIds: [buyer.id, merchant.id], messages: msgs });
  }
  /** Turns spread evenly over [from, to]: each gets its slice. */
  spread(turns: readonly S.ChatTurn[], from: number, to: number): [S.ChatTurn, number, number][] {
    const n = this.r.int(Math.min(2, turns.length), turns.length);
    const step = Math.max(MIN, (to - from) / n);
    return turns.slice(0, n).map((t, i) => [t, from + i * step, from + (i + 1) * step - MIN]);
  }
  /** A livestream selling `p`, with claims that match the spec and the live price exactly. */
  session(aff: Party, p: Product, startedAt: number): LivestreamSession {
    const segs: string[] = [this.r.pick(C.GREETINGS), this.r.pick(p.tpl.pitch)];
    for (const a of p.spec.attributes) {
      if (typeof a.value === 'number') segs.push(`这款${p.spec.name}${a.name}${a.value}${a.unit ?? ''}，${this.r.pick(p.tpl.pitch)}`);
      else if (this.r.chance(0.5)) segs.push(`${a.name}是${a.value}的，很百搭`);
    }
    segs.push(`今天直播间到手价${(p.livePriceFen / 100).toFixed(0)}元，${this.r.pick(C.CLOSINGS)}`);
    segs.push(this.r.pick(C.CLOSINGS));
    let t = 0;
    const s: LivestreamSession = {
      id: this.nextId('LS'),
      affiliateId: aff.id,
      title: `${aff.displayName}的直播间`,
      startedAt: cst(startedAt),
      segments: segs.map((text) => {
        const len = 8 + text.length / 3;
        const seg = { startSec: Math.round(t), endSec: Math.round(t + len), text };
        t += len + this.r.int(5, 120);
        return seg;
      }),
      productsShown: [p.spec.sku],
    };
    this.sessions.push(s);
    return s;
  }
  //#endregion
}

const cityByZh = new Map(CITIES.map((c) => [c.zh, c]));
function cityOf(name: string): City {
  const c = cityByZh.get(name.endsWith('市') ? name.slice(0, -1) : name);
  if (!c) throw new Error(`unknown generator city ${name}`);
  return c;
}
function nearestOther(c: City): City {
  let best: City | undefined;
  let bestD = Infinity;
  for (const o of CITIES) {
    if (o === c) continue;
    const d = distanceKm(c, o);
    if (d < bestD) [best, bestD] = [o, d];
  }
  return best!;
}
/** A city at least 1,500 km from both `a` and `b`, for impossible hops. */
function farFrom(r: Rng, a: City, b: City): City {
  const far = GEN_CITIES.map((g) => g.city).filter((c) => distanceKm(c, a) > 1500 && distanceKm(c, b) > 1500);
  return far.length ? r.pick(far) : cityOf('乌鲁木齐') === a ? cityOf('海口') : cityOf('乌鲁木齐');
}

//#region trace mutations (each produces exactly its own finding)
function setEvent(e: TraceEvent, patch: Partial<TraceEvent>): void {
  Object.assign(e, patch);
}
function stallAfterPickup(t: Trace): void {
  t.events = t.events.slice(0, 2);
}
function impossibleHop(r: Rng, t: Trace): void {
  // Insert a scan in a far-away city 30–45 minutes after the sorting scan.
  const i = 2;
  const prev = t.events[i]!;
  const next = t.events[i + 1]!;
  const far = farFrom(r, cityOf(prev.city), cityOf(next.city));
  const at = Date.parse(prev.at) + r.int(30, 45) * MIN;
  t.events.splice(i + 1, 0, { seq: 0, at: cst(at), city: far.zh, status: 'in_transit', description: `快件已到达【${far.zh}转运中心】` });
  t.events.forEach((e, k) => (e.seq = k + 1));
}
function outOfOrder(r: Rng, t: Trace): void {
  // The pickup scan is stamped before the order-created scan: same city, so only the order breaks.
  const created = t.events[0]!;
  setEvent(t.events[1]!, { at: cst(Date.parse(created.at) - r.int(1, 5) * H) });
}
function deliveredBeforePickup(r: Rng, t: Trace): void {
  const pickup = Date.parse(t.events[1]!.at);
  const last = t.events[t.events.length - 1]!;
  setEvent(last, { at: cst(pickup - r.int(2, 20) * H) });
}
function wrongDestination(t: Trace): void {
  const dest = cityOf(t.events[t.events.length - 1]!.city);
  const alt = nearestOther(dest);
  for (let i = t.events.length - 1; i >= 0 && t.events[i]!.city === dest.zh && t.events[i]!.status !== 'picked_up' && i > 1; i--) t.events[i]!.city = alt.zh;
}
//#endregion

/**
 * How long before "now" a case was filed, for a working day's SLA mix under the 48 h decision
 * window: most well inside it, some in its last hours, some overdue by up to five days.
 */
function filedBefore(r: Rng): number {
  const band = r.weighted([['fresh', 70], ['near', 15], ['overdue', 15]] as const);
  const minutes = band === 'fresh' ? r.int(0, 40 * 60) : band === 'near' ? r.int(40 * 60, 47 * 60 + 30) : r.int(48 * 60 + 10, 7 * 24 * 60);
  return minutes * MIN;
}

/** The story's slots for one order: product, amounts, dates, the parcel that carries it. */
function slotsOf(o: Order, shop: Party, t?: { trace: Trace; deliveredAt: number }): S.Slots {
  const it = o.items[0]!;
  return {
    product: it.name,
    paid: S.yuanText(o.paidFen),
    qty: it.qty,
    ordered: S.dayText(Date.parse(o.createdAt)),
    delivered: t ? S.dayText(t.deliveredAt) : '',
    shop: shop.displayName,
    carrier: t?.trace.carrier ?? '',
    // The last two characters are the builder's counter: quote four random digits before them.
    tn4: t ? t.trace.trackingNumber.slice(-6, -2) : '',
  };
}

function buildCase(r: Rng, seed: number, index: number, anchorMs: number, anomalyRate: number): Generated {
  const kind = r.weighted(KIND_WEIGHTS);
  const id = `${seed.toString(36)}-${index}`;
  const filed = anchorMs - filedBefore(r);
  const b = new CaseBuilder(r, kind, id, filed);
  const candidates = INJECTIONS[kind];
  let main = candidates.length && r.chance(anomalyRate) ? r.pick(candidates) : undefined;
  if (!main && r.chance(MISSING_RATE)) main = inj('MISSING_REQUIRED_EVIDENCE');
  if (main) b.injected.push(main);
  const is = (name: string) => main?.name === name;

  const hub = r.pick(MERCHANT_HUBS);
  const merchant = b.merchant(hub);
  const product = b.product(merchant);
  const buyerCity = r.pick(GEN_CITIES);
  const buyer = b.user();
  const merchantKind = kind.startsWith('abnormal_');
  const complainant = merchantKind ? merchant : buyer;
  let respondent = merchantKind ? buyer : merchant;
  let subject: Case['subject'] = { type: 'order', orderIds: [] };
  let buyerOrders: Order[] = [];
  let told: S.Told = { title: '', complaint: '' };

  switch (kind) {
    case 'abnormal_order': {
      const aff = b.affiliate();
      const addr = b.address(buyerCity);
      const created0 = filed - (is('ORDER_OUTSIDE_WINDOW') ? r.int(95, 150) : is('REFUND_AFTER_COMMISSION') ? r.int(25, 40) : r.int(3, 40)) * D;
      const n = r.int(1, 3);
      for (let i = 0; i < n; i++) {
        const o = b.order(buyer, merchant, product, created0 + i * r.int(1, 20) * H, { affiliate: aff, address: addr, live: true, qty: r.int(1, 5) });
        const settle = Date.parse(o.createdAt) + 12 * D;
        if (settle < filed) o.commissionSettledAt = cst(settle);
        buyerOrders.push(o);
      }
      if (is('REFUND_AFTER_COMMISSION')) {
        const o = buyerOrders[0]!;
        o.commissionSettledAt = cst(Date.parse(o.createdAt) + 12 * D);
        o.refunds.push({ amountFen: o.paidFen, at: cst(Date.parse(o.createdAt) + 12 * D + r.int(1, 5) * D), reason: '七天无理由退货' });
      }
      if (is('SHARED_ADDRESS_RING')) {
        const k = r.int(2, 3);
        for (let i = 0; i < k; i++) {
          const other = b.user();
          const o = b.order(other, merchant, product, created0 + r.int(1, 9 * 24) * H, { affiliate: aff, address: { ...addr, line: `${addr.line ?? ''}` }, live: true });
          buyerOrders.push(o);
        }
      }
      subject = { type: 'order', orderIds: buyerOrders.map((o) => o.id) };
      const accounts = new Set(buyerOrders.map((o) => o.buyerId)).size;
      const orderTopic: S.OrderTopic = is('SHARED_ADDRESS_RING') ? 'ring' : is('REFUND_AFTER_COMMISSION') ? 'commission' : 'reject';
      told = S.abnormalOrder(r, { ...slotsOf(buyerOrders[0]!, merchant), orders: buyerOrders.length, accounts, host: aff.displayName }, orderTopic);
      if (is('MISSING_REQUIRED_EVIDENCE')) b.orders = b.orders.filter((o) => !subject.orderIds.includes(o.id));
      break;
    }
    case 'abnormal_after_sales': {
      const created = filed - (is('ORDER_OUTSIDE_WINDOW') ? r.int(95, 150) : r.int(15, 40)) * D;
      const o = b.order(buyer, merchant, product, created, { dest: buyerCity });
      buyerOrders = [o];
      const out = b.ship(o, hub.city, r.int(3, 40));
      const outWeight = out.trace.events[1]!.weightGrams!;
      const refundAt = out.deliveredAt + r.int(20, 60) * H;
      o.refunds.push({ amountFen: o.paidFen, at: cst(refundAt), reason: r.pick(['七天无理由退货', '商品质量问题', '不想要了']) });
      const retPickup = refundAt + r.int(4, 48) * H;
      const retWeight = is('WEIGHT_SHORTFALL') ? Math.round(outWeight * r.float(0.05, 0.45)) : Math.round(outWeight * r.float(0.96, 1.04));
      const back = b.trace(o.id, 'return', buyerCity.city, cityOf(merchant.returnAddress!.city), refundAt + r.int(1, 3) * H, retPickup, retWeight);
      const ret = back.trace;
      if (is('NO_MOVEMENT_AFTER_PICKUP')) stallAfterPickup(ret);
      if (is('IMPOSSIBLE_TRANSIT')) impossibleHop(r, ret);
      if (is('EVENTS_OUT_OF_ORDER')) outOfOrder(r, ret);
      if (is('DELIVERED_BEFORE_PICKUP')) deliveredBeforePickup(r, ret);
      if (is('DESTINATION_MISMATCH')) wrongDestination(ret);
      if (is('TRACKING_REUSED')) {
        const h = b.order(buyer, merchant, product, created - r.int(20, 60) * D, { address: o.shippingAddress });
        b.traces.push({ ...structuredClone(ret), orderId: h.id });
      }
      if (is('MISSING_REQUIRED_EVIDENCE')) b.traces = b.traces.filter((t) => t !== ret);
      else if (r.chance(0.5)) b.photo('unboxing', product, merchant.id, Math.min(back.deliveredAt + r.int(1, 6) * H, filed - H));
      const returnTopic: S.ReturnTopic = is('WEIGHT_SHORTFALL') ? 'short' : main && main.name !== 'ORDER_OUTSIDE_WINDOW' && main.name !== 'MISSING_REQUIRED_EVIDENCE' ? 'logistics' : r.pick(['empty', 'logistics'] as const);
      told = S.abnormalAfterSales(r, { ...slotsOf(o, merchant, out), sent: outWeight, back: retWeight }, returnTopic);
      subject = { type: 'order', orderIds: [o.id] };
      break;
    }
    case 'abnormal_review': {
      const created = filed - (is('REVIEW_OUTSIDE_WINDOW') ? r.int(190, 300) : r.int(8, 60)) * D;
      const o = b.order(buyer, merchant, product, created, { dest: buyerCity });
      buyerOrders = [o];
      const out = b.ship(o, hub.city, r.int(3, 40));
      const blame = is('REVIEW_BLAMES_LOGISTICS');
      let rating = b.stars(false);
      let text = blame ? `${r.pick(C.LOGISTICS_BLAME)}，${product.spec.name}${r.pick(['本身还行', '也就那样', '不想评价了'])}，${r.pick(C.REVIEW_BAD_CLOSERS)}` : b.reviewText(product, false);
      if (is('REVIEW_CONTACT_INFO')) {
        // Bait rides on praise: a five-star "review" that advertises elsewhere.
        text = `${b.reviewText(product, true)}${r.pick(C.CONTACT_BAITS).replace('{h}', `${r.pick(['hao', 'fuli', 'quan', 'vip'])}${r.digits(5)}`).replace('{p}', `1${r.int(3, 9)}${r.digits(9)}`).replace('{n}', r.digits(9))}`;
        rating = b.stars(true);
      }
      const reviewAt = is('REVIEW_BEFORE_DELIVERY') ? out.deliveredAt - r.int(2, 30) * H : out.deliveredAt + r.int(2, 72) * H;
      const review: Review = { id: b.nextId('R'), orderId: o.id, authorId: buyer.id, rating, text, createdAt: cst(Math.min(reviewAt, filed - H)), mediaIds: [] };
      if (r.chance(0.3)) review.mediaIds.push(b.photo('review', product, buyer.id, Math.min(reviewAt, filed - H)).id);
      b.reviews.push(review);
      // The author's other reviews: distinct texts, unless duplication is the anomaly.
      const others = is('REVIEW_DUPLICATE_TEXT') ? r.int(2, 4) : r.int(0, 3);
      for (let i = 0; i < others; i++) {
        const dup = is('REVIEW_DUPLICATE_TEXT');
        const good = !dup && r.chance(0.7);
        const t = dup ? (i % 2 ? text.replace(/，/g, ' ') : `${text}！`) : b.reviewText(product, good, undefined, `${S.dayText(created - r.int(5, 200) * D)}下的单，`);
        b.reviews.push({ id: b.nextId('R'), orderId: b.nextId('O'), authorId: buyer.id, rating: dup ? rating : b.stars(good), text: t, createdAt: cst(created - r.int(5, 200) * D), mediaIds: [] });
      }
      const reviewTopic: S.ReviewTopic = blame ? 'logistics' : is('REVIEW_CONTACT_INFO') ? 'contact' : is('REVIEW_DUPLICATE_TEXT') ? 'duplicate' : is('REVIEW_BEFORE_DELIVERY') ? 'early' : 'unfair';
      told = S.abnormalReview(r, { ...slotsOf(o, merchant, out), rating }, reviewTopic);
      if (is('MISSING_REQUIRED_EVIDENCE')) b.reviews = b.reviews.filter((x) => x !== review);
      subject = { type: 'review', orderIds: [], reviewId: review.id };
      break;
    }
    case 'abnormal_affiliate':
    case 'false_advertising': {
      const aff = b.affiliate();
      if (kind === 'abnormal_affiliate') respondent = aff;
      const created0 = filed - (is('ORDER_OUTSIDE_WINDOW') ? r.int(95, 150) : r.int(8, 40)) * D;
      const s = b.session(aff, product, created0 - r.int(1, 48) * H);
      const n = kind === 'abnormal_affiliate' ? r.int(1, 3) : 1;
      for (let i = 0; i < n; i++) {
        const who = i === 0 ? buyer : b.user();
        const o = b.order(who, merchant, product, created0 + r.int(0, 3 * 60) * MIN, { affiliate: aff, dest: r.pick(GEN_CITIES), live: true });
        buyerOrders.push(o);
        if (kind === 'false_advertising') b.ship(o, hub.city, r.int(3, 40));
      }
      const segs = s.segments;
      const at = r.int(1, segs.length - 1);
      if (is('ABSOLUTE_TERM')) segs[at]!.text = `${r.pick(C.ABSOLUTE_PITCHES)}，${segs[at]!.text}`;
      if (is('CLAIM_CONTRADICTS_SPEC')) {
        const a = product.spec.attributes.find((x) => typeof x.value === 'number')!;
        const v = a.value as number;
        const claimed = a.unit === '%' ? (v >= 80 ? Math.round(v * 0.5) : 100) : Math.round(v * r.pick([0.5, 0.6, 1.5, 2]) * 10) / 10;
        segs.splice(at, 0, { startSec: segs[at]!.startSec, endSec: segs[at]!.startSec + 5, text: `${a.name}${r.pick(['高达', '足足', '有', ''])}${claimed}${a.unit ?? ''}，${r.pick(product.tpl.pitch)}` });
      }
      if (is('PRICE_CLAIM_MISMATCH')) {
        const claimed = Math.max(1, Math.round(product.livePriceFen / 100) - r.int(5, 50));
        segs.push({ startSec: segs[segs.length - 1]!.endSec + 5, endSec: segs[segs.length - 1]!.endSec + 20, text: `${r.pick(['只要', '到手价', '秒杀价'])}${claimed}元，${r.pick(C.CLOSINGS)}` });
      }
      if (kind === 'false_advertising' && r.chance(0.3) && !is('MISSING_REQUIRED_EVIDENCE')) {
        // Product-page claim quoted by the buyer, beside the livestream.
        b.excerpts.push({ id: b.nextId('EX'), source: 'product_page', authorId: merchant.id, text: `${product.spec.name}，${r.pick(product.tpl.pitch)}`, productSku: product.spec.sku });
      }
      const numeric = product.spec.attributes.find((x) => typeof x.value === 'number')!;
      const adTopic = (S.TOPIC_OF_INJECTION[kind]?.[main?.name ?? ''] as S.AdTopic | undefined) ?? r.pick(['content', 'price'] as const);
      told = S.advertising(
        r,
        kind,
        { ...slotsOf(buyerOrders[0]!, merchant), host: aff.displayName, attr: numeric.name, actual: `${numeric.value}${numeric.unit ?? ''}`, livePrice: S.yuanText(product.livePriceFen), sold: buyerOrders.length },
        adTopic,
      );
      if (is('MISSING_REQUIRED_EVIDENCE')) b.sessions = [];
      subject = { type: 'session', orderIds: buyerOrders.map((o) => o.id), sessionId: s.id };
      break;
    }
    default: {
      // Consumer complaints about one order: quality, not_as_described, counterfeit, late/fake shipment, service.
      const created = filed - (kind === 'late_shipment' ? r.int(10, 25) : r.int(6, 25)) * D;
      const o = b.order(buyer, merchant, product, created, { dest: buyerCity });
      buyerOrders = [o];
      const late = is('SHIP_TIMEOUT');
      // A late-shipment complaint without a late pickup is a buyer who took a slow delivery for a late one: shipped near the deadline.
      const out = b.ship(o, hub.city, late ? 48 + r.int(1, 80) : kind === 'late_shipment' ? r.int(30, 46) : r.int(3, 40));
      const t = out.trace;
      if (kind === 'fake_shipment') {
        if (is('NO_MOVEMENT_AFTER_PICKUP')) stallAfterPickup(t);
        if (is('IMPOSSIBLE_TRANSIT')) impossibleHop(r, t);
        if (is('EVENTS_OUT_OF_ORDER')) outOfOrder(r, t);
        if (is('DELIVERED_BEFORE_PICKUP')) deliveredBeforePickup(r, t);
        if (is('DESTINATION_MISMATCH')) wrongDestination(t);
        if (is('WEIGHT_SHORTFALL')) t.events[1]!.weightGrams = r.int(50, Math.max(51, Math.floor(o.items[0]!.qty * o.items[0]!.unitWeightG * 0.45)));
        if (is('TRACKING_REUSED')) {
          const other = b.user();
          const h = b.order(other, merchant, product, created - r.int(5, 40) * D, { dest: r.pick(GEN_CITIES) });
          b.traces.push({ ...structuredClone(t), orderId: h.id });
        }
      }
      const slots = slotsOf(o, merchant, out);
      // Buyers complain after the parcel arrived, and before filing.
      const afterDelivery = (hours: number): [number, number] => [out.deliveredAt + H, Math.max(out.deliveredAt + 2 * H, Math.min(out.deliveredAt + hours * H, filed - H))];
      let turns: [S.ChatTurn, number, number][] = [];
      if (kind === 'quality' || kind === 'not_as_described' || kind === 'counterfeit') {
        let bad: string;
        if (kind === 'quality') {
          const [b1, b2] = r.f.helpers.arrayElements(product.tpl.bad, 2);
          bad = b1!;
          const q = S.quality(r, slots, bad, b2 ?? b1!);
          told = q;
          turns = b.spread(q.chat, ...afterDelivery(72));
        } else if (kind === 'not_as_described') {
          const a = product.spec.attributes.find((x) => typeof x.value === 'string')!;
          const listed = String(a.value);
          const choices = product.tpl.text.find((x) => x.name === a.name)!.values.filter((x) => x !== listed);
          const got = r.pick(choices);
          bad = `的${a.name}和页面写的不一样，拍的${listed}收到${got}`;
          const q = S.notAsDescribed(r, slots, a.name, listed, got);
          told = q;
          turns = b.spread(q.chat, ...afterDelivery(72));
        } else {
          bad = r.pick(['做工粗糙，不像正品', '和专柜买的差别很大', '包装和官方的不一样', '标签印刷模糊，不像正品']);
          const q = S.counterfeit(r, slots);
          told = q;
          turns = b.spread(q.chat, ...afterDelivery(72));
        }
        b.photo('product', product, buyer.id, Math.min(out.deliveredAt + r.int(1, 48) * H, filed - H));
        if (r.chance(0.4)) b.photo('unboxing', product, buyer.id, out.deliveredAt + r.int(10, 50) * MIN);
        if (r.chance(0.6)) b.reviews.push({ id: b.nextId('R'), orderId: o.id, authorId: buyer.id, rating: b.stars(false), text: b.reviewText(product, false, bad), createdAt: cst(out.deliveredAt + r.int(6, 72) * H), mediaIds: [] });
      }
      if (kind === 'late_shipment') {
        const shipBy = Date.parse(o.shipBy);
        told = S.lateShipment(r, slots, { late, hoursLate: Math.max(1, Math.round((out.pickupAt - shipBy) / H)), shipBy: S.hourText(shipBy), pickup: S.hourText(out.pickupAt), days: Math.max(2, Math.ceil((out.deliveredAt - created) / D)) });
        // Late: the buyer asks before the deadline and again after it, both before the parcel is picked up.
        const chat = S.lateShipmentChat(r, slots, late, S.hourText(shipBy));
        turns = late ? [[chat[0]!, created + 2 * H, shipBy - H], [chat[1]!, shipBy + 10 * MIN, out.pickupAt - 10 * MIN]] : [[chat[0]!, ...afterDelivery(48)]];
      }
      if (kind === 'fake_shipment') {
        const last = t.events[t.events.length - 1]!;
        const signed = last.status === 'delivered';
        const q = S.fakeShipment(r, slots, signed ? `${S.dayText(Date.parse(last.at))}显示签收` : `${S.dayText(Date.parse(last.at))}的${last.city}`, signed);
        told = q;
        turns = b.spread(q.chat, out.pickupAt + 24 * H, Math.max(out.pickupAt + 30 * H, filed - H));
      }
      if (kind === 'service_unreachable') {
        const start = filed - r.int(30, 70) * H;
        let attempts = r.int(3, 6);
        if (!is('MISSING_REQUIRED_EVIDENCE')) {
          const storm = is('SERVICE_UNREACHABLE');
          const n = storm ? r.int(3, 5) : 2;
          attempts = n;
          for (let i = 0; i < n; i++)
            b.calls.push({ id: b.nextId('CL'), callerId: buyer.id, calleeId: merchant.id, at: cst(start + (storm ? i * r.int(30, 300) * MIN : i * 30 * H)), answered: false, durationSec: 0, channel: r.pick(['phone', 'in_app'] as const) });
          if (!storm && r.chance(0.5)) b.calls.push({ id: b.nextId('CL'), callerId: buyer.id, calleeId: merchant.id, at: cst(start + 2 * H), answered: true, durationSec: r.int(30, 400), channel: 'phone' });
        }
        const q = S.serviceUnreachable(r, slots, attempts, S.hourText(start));
        told = q;
        turns = b.spread(q.chat, start, filed - H);
      }
      if (is('MISSING_REQUIRED_EVIDENCE') && kind !== 'service_unreachable') {
        b.orders = b.orders.filter((x) => x !== o);
        b.traces = b.traces.filter((x) => x.orderId !== o.id);
      }
      b.chat(o, buyer, merchant, turns);
      subject = { type: 'order', orderIds: [o.id] };
    }
  }

  // The buyer's other recent orders: never refunded, so that refund-rate stays a deliberate anomaly.
  const historyBuyer = buyerOrders[0] ? buyerOrders[0].buyerId : undefined;
  const refundInjected = historyBuyer !== undefined && BUYER_HISTORY_KINDS.includes(kind) && !is('MISSING_REQUIRED_EVIDENCE') && r.chance(REFUND_RATE);
  if (historyBuyer !== undefined) {
    const hb = b.parties.find((p) => p.id === historyBuyer)!;
    const count = refundInjected ? r.int(6, 8) : r.int(0, 4);
    for (let i = 0; i < count; i++) {
      const created = filed - r.int(1, refundInjected ? 80 : 150) * D - r.int(0, 23) * H;
      const other = b.product(b.merchant(r.pick(MERCHANT_HUBS)));
      const o = b.order(hb, b.parties[b.parties.length - 1]!, other, created, { address: buyerOrders[0]!.shippingAddress });
      if (refundInjected) o.refunds.push({ amountFen: o.paidFen, at: cst(created + r.int(2, 6) * D), reason: r.pick(['不想要了', '拍错了', '质量问题']) });
    }
    if (refundInjected) b.injected.push(inj('HIGH_REFUND_RATE'));
  }
  if (r.chance(SERIAL_RATE)) {
    const k = r.int(5, 8);
    for (let i = 0; i < k; i++) b.prior.push({ caseId: b.nextId('PC'), kind: r.pick(KIND_WEIGHTS)[0], complainantId: complainant.id, respondentId: b.nextId('X'), filedAt: cst(filed - r.int(1, 85) * D), outcome: r.pick(['upheld', 'rejected', 'withdrawn'] as const) });
    b.injected.push(inj('SERIAL_COMPLAINANT'));
  } else {
    const k = r.int(0, 3);
    for (let i = 0; i < k; i++) b.prior.push({ caseId: b.nextId('PC'), kind: r.pick(KIND_WEIGHTS)[0], complainantId: complainant.id, respondentId: b.nextId('X'), filedAt: cst(filed - r.int(1, 400) * D), outcome: r.pick(['upheld', 'rejected', 'withdrawn'] as const) });
    // Keep the clean case clean: at most 4 of them may fall inside the 90-day window anyway.
  }

  // Guard against accidental duplicate review texts in clean data.
  if (!b.injected.some((x) => x.name === 'REVIEW_DUPLICATE_TEXT')) {
    const seen = new Map<string, number>();
    for (const rv of b.reviews) {
      const k = normaliseText(rv.text);
      const c = seen.get(k) ?? 0;
      seen.set(k, c + 1);
      if (c > 0) rv.text += `（${'补充'.repeat(c)}）`;
    }
  }

  const caseObj: Case = {
    id: `C-${id}`,
    externalId: `EXT-${seed}-${String(index).padStart(8, '0')}`,
    kind,
    complainantId: complainant.id,
    respondentId: respondent.id,
    subject,
    title: told.title,
    complaintText: told.complaint,
    filedAt: cst(filed),
    dueAt: cst(filed + 48 * H),
    priority: r.weighted([['normal', 70], ['high', 20], ['low', 7], ['urgent', 3]] as const),
    status: 'queued',
    evidence: b.media.map((m) => ({ type: 'media' as const, mediaId: m.id })),
    claim: null,
    decision: null,
    appeal: null,
  };
  const bundle: CaseBundle = {
    schemaVersion: 1,
    case: caseObj,
    parties: b.parties,
    orders: b.orders,
    traces: b.traces,
    reviews: b.reviews,
    sessions: b.sessions,
    excerpts: b.excerpts,
    specs: b.specs,
    chats: b.chats,
    calls: b.calls,
    media: b.media,
    priorComplaints: b.prior,
  };
  const expected = [...new Set(b.injected.flatMap((x) => x.codes))].sort();
  return { bundle, label: { caseId: caseObj.id, externalId: caseObj.externalId, kind, at: cst(b.at), injected: b.injected.map((x) => x.name), expected } };
}

//#region linked cases across bundles
/**
 * Every block of LINK_BLOCK consecutive cases holds one address ring, one serial complainant, one
 * reused tracking number and one shared affiliate, each spanning several cases and kinds
 * (docs/clusters.md). Cases are generated one at a time and never see each other, so the link is made
 * afterwards by renaming one key of the case to the block's shared value, everywhere in the bundle.
 * A rename within one bundle changes no finding (rules compare keys within a bundle, and the new
 * value is unique there), so the ground truth holds.
 */
export const LINK_BLOCK = 60;
/** Offsets in a block: [first, last] of the cases that share each key (those that have one). */
export const LINK_GROUPS = { address: [0, 15], serial: [20, 25], tracking: [30, 34], affiliate: [40, 45] } as const;

const RING_DISTRICTS = ['广东省深圳市宝安区', '浙江省杭州市余杭区', '江苏省苏州市昆山市', '福建省莆田市城厢区', '河南省郑州市金水区'] as const;
const RING_STREETS = ['城中村幸福里', '工业园宿舍区', '花园小区东门快递柜', '创业大厦', '新村菜鸟驿站', '金港公寓'] as const;
const SERIAL_NAMES = ['陈建国', '林秀英', '黄志强', '周玉梅', '吴海燕', '郑国华'] as const;
const RING_HOSTS = ['星辰好物', '小鹿严选', '阿福直播间', '甜甜优选', '大牛带货', '晴天好物'] as const;

const inGroup = (offset: number, [first, last]: readonly [number, number]): boolean => offset >= first && offset <= last;
/** Replaces one JSON string value everywhere in the bundle's text. */
const renameValue = (json: string, from: string, to: string): string => json.replaceAll(JSON.stringify(from), JSON.stringify(to));

/** The bundle with the keys its block shares: unchanged outside the groups. */
export function linkIntoBlock(bundle: CaseBundle, seed: number, index: number): CaseBundle {
  const block = Math.floor(index / LINK_BLOCK);
  const offset = index % LINK_BLOCK;
  const tag = `${seed.toString(36)}-${block}`;
  const pick = <T>(list: readonly T[]): T => list[(seed + block) % list.length]!;
  let json = JSON.stringify(bundle);
  const subject = new Set(bundle.case.subject.orderIds);
  const subjectOrder = bundle.orders.find((o) => subject.has(o.id));
  if (inGroup(offset, LINK_GROUPS.address) && subjectOrder) {
    // One string for the whole ring, whatever city each order was drawn in: the ring is the address.
    json = renameValue(json, subjectOrder.shippingAddress.normalised, `${pick(RING_DISTRICTS)}${pick(RING_STREETS)}${block + 1}号`);
  }
  const complainant = bundle.parties.find((p) => p.id === bundle.case.complainantId);
  if (inGroup(offset, LINK_GROUPS.serial) && complainant?.role === 'user') {
    json = renameValue(json, complainant.id, `U-serial-${tag}`);
    json = renameValue(json, complainant.displayName, pick(SERIAL_NAMES));
  }
  const outbound = bundle.traces.find((t) => t.direction === 'outbound');
  if (inGroup(offset, LINK_GROUPS.tracking) && outbound) {
    // The shops and buyers quote four digits of it (尾号): they quote the shared number's.
    const shared = `YT9${String(seed % 100_000).padStart(5, '0')}${String(block).padStart(5, '0')}00`;
    json = renameValue(json, outbound.trackingNumber, shared).replaceAll(`尾号${outbound.trackingNumber.slice(-6, -2)}`, `尾号${shared.slice(-6, -2)}`);
  }
  const affiliate = bundle.parties.find((p) => p.role === 'affiliate');
  if (inGroup(offset, LINK_GROUPS.affiliate) && affiliate) {
    json = renameValue(json, affiliate.id, `A-ring-${tag}`);
    json = json.replaceAll(affiliate.displayName, pick(RING_HOSTS));
  }
  return JSON.parse(json) as CaseBundle;
}
//#endregion

export const DEFAULT_ANCHOR = '2026-06-01T00:00:00+08:00';

/** Deterministic stream of bundles with ground truth. Memory is O(1) in `cases`. */
export function* generateBundles(opts: GenerateOptions): Generator<Generated> {
  const anchor = opts.anchor === undefined ? Date.parse(DEFAULT_ANCHOR) : typeof opts.anchor === 'string' ? Date.parse(opts.anchor) : opts.anchor.getTime();
  if (!Number.isFinite(anchor)) throw new RangeError(`invalid anchor ${String(opts.anchor)}`);
  const r = new Rng();
  const start = opts.start ?? 0;
  for (let i = start; i < start + opts.cases; i++) {
    r.reseed(opts.seed, i);
    const g = buildCase(r, opts.seed, i, anchor, opts.anomalyRate ?? 0.6);
    yield { ...g, bundle: linkIntoBlock(g.bundle, opts.seed, i) };
  }
}
