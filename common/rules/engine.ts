import type { CaseBundle } from '../domain/bundle';
import { isMerchantKind, type EvidenceRef } from '../domain/case';
import type { Order, ProductSpec, Review, Trace, TraceEvent } from '../domain/entities';
import type { Policy, Thresholds } from '../policy/schema';
import { cityKey, distanceKm, lookupCity } from './cities';
import { contactKinds, escapeRegex, normaliseAddress, normaliseText, numberAfter, parseUnit, priceClaims, unitAt } from './text';
import { ageBeyond, keepSide } from './figures';
import { isoMs } from './time';
import { CODE_SEVERITY, SEVERITY_RANK, type Assessment, type Finding, type FindingCode } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const ms = isoMs;

export function toMillis(at: string | Date | number): number {
  const v = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(v)) throw new RangeError(`invalid assessment time: ${String(at)}`);
  return v;
}

//#region Compiled policy
/** Per-policy derived matchers, built once and cached by policy identity. */
type Compiled = { absolute: RegExp; exceptions: RegExp | null; logistics: readonly string[]; priceMarkers: readonly string[] };
const compiledCache = new WeakMap<Policy, Compiled>();

function compile(p: Policy): Compiled {
  let c = compiledCache.get(p);
  if (!c) {
    const alt = (xs: readonly string[]) => [...xs].sort((a, b) => b.length - a.length).map(escapeRegex).join('|');
    c = {
      absolute: new RegExp(alt(p.absoluteTerms), 'gi'),
      exceptions: p.absoluteTermExceptions.length ? new RegExp(alt(p.absoluteTermExceptions), 'gi') : null,
      logistics: p.logisticsKeywords.map((k) => k.toLowerCase()),
      priceMarkers: p.priceClaimMarkers,
    };
    compiledCache.set(p, c);
  }
  return c;
}
//#endregion

//#region Context
type PreparedTrace = {
  trace: Trace;
  order: Order | undefined;
  /** Events ordered by carrier sequence number. */
  events: TraceEvent[];
  times: number[];
  /** Earliest picked_up event (by time). */
  pickup: { at: number; seq: number } | undefined;
  /** Earliest delivered event (by time). */
  delivered: { at: number; seq: number } | undefined;
};

type Ctx = {
  b: CaseBundle;
  t: Thresholds;
  c: Compiled;
  at: number;
  /** Set by every rule whose outcome reads `at` (see assessCaseAt). */
  readsClock: boolean;
  filedAt: number;
  complainant: string;
  respondent: string;
  orders: Map<string, Order>;
  caseOrders: Order[];
  caseOrderIds: Set<string>;
  subjectReview: Review | undefined;
  caseTraces: PreparedTrace[];
  eligibility: Finding[];
  findings: Finding[];
};

function prepareTrace(trace: Trace, order: Order | undefined): PreparedTrace {
  let events = trace.events;
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.seq < events[i - 1]!.seq) {
      events = [...events].sort((a, b) => a.seq - b.seq);
      break;
    }
  }
  const times = events.map((e) => ms(e.at));
  let pickup: PreparedTrace['pickup'];
  let delivered: PreparedTrace['delivered'];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const t = times[i]!;
    if (e.status === 'picked_up' && (!pickup || t < pickup.at)) pickup = { at: t, seq: e.seq };
    else if (e.status === 'delivered' && (!delivered || t < delivered.at)) delivered = { at: t, seq: e.seq };
  }
  return { trace, order, events, times, pickup, delivered };
}

function emit(ctx: Ctx, code: FindingCode, zh: string, en: string, refs: EvidenceRef[], implicated: string[], data?: Finding['data']): void {
  const eligibility = code === 'ORDER_OUTSIDE_WINDOW' || code === 'REVIEW_OUTSIDE_WINDOW' || code === 'MISSING_REQUIRED_EVIDENCE';
  const stance = eligibility
    ? 'undermines_complaint'
    : implicated.includes(ctx.respondent)
      ? 'supports_complaint'
      : implicated.includes(ctx.complainant)
        ? 'undermines_complaint'
        : 'neutral';
  const f: Finding = { code, severity: CODE_SEVERITY[code], message_zh: zh, message_en: en, refs, stance, implicatedPartyIds: implicated };
  if (data) f.data = data;
  (eligibility ? ctx.eligibility : ctx.findings).push(f);
}

const orderRef = (orderId: string): EvidenceRef => ({ type: 'order', orderId });
const eventRef = (trackingNumber: string, seq: number): EvidenceRef => ({ type: 'trace_event', trackingNumber, seq });
/** The party who sent the parcel: merchant for outbound, buyer for returns. */
const sender = (pt: PreparedTrace): string[] => (pt.order ? [pt.trace.direction === 'outbound' ? pt.order.merchantId : pt.order.buyerId] : []);
const round1 = (x: number): number => Math.round(x * 10) / 10;
//#endregion

//#region Eligibility
function eligibilityRules(ctx: Ctx): void {
  const { b, t } = ctx;
  const kind = b.case.kind;
  const subject = b.case.subject;
  // An abnormal_review complaint is about the review: its window is the review's, and the orders it
  // lists are context (DOMAIN.md), so the order window does not apply to them.
  if (isMerchantKind(kind) && kind !== 'abnormal_review') {
    const limit = t.orderWindowDays * DAY;
    for (const id of subject.orderIds) {
      const o = ctx.orders.get(id);
      if (!o) continue;
      const age = ctx.filedAt - ms(o.createdAt);
      if (age > limit) {
        const a = ageBeyond(age, t.orderWindowDays);
        emit(ctx, 'ORDER_OUTSIDE_WINDOW', `订单 ${id} 创建于投诉前 ${a.zh}，超过 ${t.orderWindowDays} 天时效`, `Order ${id} was created ${a.en} before filing, beyond the ${t.orderWindowDays}-day window`, [orderRef(id)], [ctx.complainant], { ageDays: a.days, windowDays: t.orderWindowDays });
      }
    }
  }
  const r = ctx.subjectReview;
  if (r) {
    const age = ctx.filedAt - ms(r.createdAt);
    if (age > t.reviewWindowDays * DAY) {
      const a = ageBeyond(age, t.reviewWindowDays);
      emit(ctx, 'REVIEW_OUTSIDE_WINDOW', `评价 ${r.id} 发布于投诉前 ${a.zh}，超过 ${t.reviewWindowDays} 天时效`, `Review ${r.id} was posted ${a.en} before filing, beyond the ${t.reviewWindowDays}-day window`, [{ type: 'review', reviewId: r.id }], [ctx.complainant], { ageDays: a.days, windowDays: t.reviewWindowDays });
    }
  }
  const missing: { zh: string; en: string }[] = [];
  switch (kind) {
    case 'abnormal_after_sales': {
      const hasReturn = b.traces.some((tr) => tr.direction === 'return' && ctx.caseOrderIds.has(tr.orderId));
      const hasUnboxing = b.media.some((m) => m.purpose === 'unboxing');
      if (!hasReturn && !hasUnboxing) missing.push({ zh: '退货物流轨迹或开箱视频', en: 'a return trace or unboxing media' });
      break;
    }
    case 'abnormal_review':
      if (!r) missing.push({ zh: '被投诉的评价', en: 'the review complained about' });
      break;
    case 'abnormal_affiliate':
    case 'false_advertising':
      if (b.sessions.length === 0 && b.excerpts.length === 0) missing.push({ zh: '直播记录或宣传内容摘录', en: 'a livestream session or claim excerpt' });
      break;
    case 'service_unreachable':
      if (b.calls.length === 0) missing.push({ zh: '通话记录', en: 'a call log' });
      break;
    default: {
      const ids = subject.orderIds;
      const absent = ids.filter((id) => !ctx.orders.has(id));
      if (ids.length === 0 || absent.length > 0)
        missing.push({ zh: `涉及订单${absent.length ? ` ${absent.join('、')}` : ''}`, en: `the subject order(s)${absent.length ? ` ${absent.join(', ')}` : ''}` });
    }
  }
  if (missing.length > 0)
    emit(ctx, 'MISSING_REQUIRED_EVIDENCE', `缺少必要证据：${missing.map((m) => m.zh).join('；')}`, `Missing required evidence: ${missing.map((m) => m.en).join('; ')}`, [], [ctx.complainant], { missing: missing.map((m) => m.en).join('; ') });
}
//#endregion

//#region Logistics
/**
 * What a parcel should weigh (WEIGHT_SHORTFALL's yardstick), for the engine and for the logistics
 * viewer, which shows it beside the trace. Outbound: Σ qty × unit weight of the order. A return is
 * compared with what the outbound parcel actually weighed (its first weighed scan by `seq`, packaging
 * included), in the order the bundle lists the outbound traces; the item weights stand in when the
 * outbound parcel was never weighed. `outboundEventsBySeq` are the order's outbound traces' events,
 * each list sorted by `seq`.
 */
export function expectedParcelWeightG(order: Order | undefined, direction: Trace['direction'], outboundEventsBySeq: Iterable<readonly TraceEvent[]>): number | undefined {
  if (!order) return undefined;
  if (direction === 'return')
    for (const events of outboundEventsBySeq) {
      const w = events.find((e) => e.weightGrams !== undefined)?.weightGrams;
      if (w !== undefined) return w;
    }
  let sum = 0;
  for (const it of order.items) sum += it.qty * it.unitWeightG;
  return sum;
}

function* outboundEvents(ctx: Ctx, orderId: string): Generator<readonly TraceEvent[]> {
  for (const other of ctx.caseTraces) if (other.trace.direction === 'outbound' && other.trace.orderId === orderId) yield other.events;
}

function expectedWeight(ctx: Ctx, pt: PreparedTrace): number | undefined {
  return pt.order ? expectedParcelWeightG(pt.order, pt.trace.direction, pt.trace.direction === 'return' ? outboundEvents(ctx, pt.order.id) : []) : undefined;
}

function logisticsRules(ctx: Ctx): void {
  const t = ctx.t;
  let byTracking: Map<string, Set<string>> | undefined;
  for (const pt of ctx.caseTraces) {
    const { trace, events, times } = pt;
    const tn = trace.trackingNumber;
    const dirZh = trace.direction === 'outbound' ? '发货' : '退货';
    const dirEn = trace.direction;
    const who = sender(pt);

    // DELIVERED_BEFORE_PICKUP
    if (pt.pickup) {
      const early: EvidenceRef[] = [];
      for (let i = 0; i < events.length; i++)
        if (events[i]!.status === 'delivered' && times[i]! < pt.pickup.at) early.push(eventRef(tn, events[i]!.seq));
      if (early.length)
        emit(ctx, 'DELIVERED_BEFORE_PICKUP', `${dirZh}单 ${tn} 的签收时间早于揽收时间`, `${dirEn} parcel ${tn} was delivered before it was picked up`, [...early, eventRef(tn, pt.pickup.seq)], who);
    }

    // NO_MOVEMENT_AFTER_PICKUP
    const lastIdx = events.length - 1;
    if (lastIdx >= 0) {
      const last = events[lastIdx]!;
      if (last.status === 'created' || last.status === 'picked_up') {
        ctx.readsClock = true;
        const idle = ctx.at - times[lastIdx]!;
        if (idle >= t.noMovementHours * HOUR) {
          const h = round1(idle / HOUR);
          emit(ctx, 'NO_MOVEMENT_AFTER_PICKUP', `${dirZh}单 ${tn} 在“${last.status === 'created' ? '已下单' : '已揽收'}”后 ${h} 小时无任何物流更新`, `${dirEn} parcel ${tn} has not moved for ${h} h after "${last.status}"`, [eventRef(tn, last.seq)], who, { idleHours: h });
        }
      }
    }

    // WEIGHT_SHORTFALL
    const expected = expectedWeight(ctx, pt);
    if (expected !== undefined && expected > 0) {
      const floor = expected * t.weightShortfallRatio;
      const light: EvidenceRef[] = [];
      let minW = Infinity;
      for (const e of events)
        if (e.weightGrams !== undefined && e.weightGrams < floor) {
          light.push(eventRef(tn, e.seq));
          if (e.weightGrams < minW) minW = e.weightGrams;
        }
      if (light.length) {
        const pct = keepSide((minW / expected) * 100, t.weightShortfallRatio * 100);
        emit(ctx, 'WEIGHT_SHORTFALL', `${dirZh}包裹 ${tn} 称重 ${minW}g，仅为应有重量 ${expected}g 的 ${pct}%`, `${dirEn} parcel ${tn} weighed ${minW} g, ${pct}% of the expected ${expected} g`, light, who, { measuredG: minW, expectedG: expected, percent: pct });
      }
    }

    // EVENTS_OUT_OF_ORDER and IMPOSSIBLE_TRANSIT walk consecutive pairs by seq.
    const ooo: EvidenceRef[] = [];
    const fast: EvidenceRef[] = [];
    let maxSpeed = 0;
    for (let i = 1; i < events.length; i++) {
      const a = events[i - 1]!;
      const b = events[i]!;
      const dt = times[i]! - times[i - 1]!;
      if (dt < 0) ooo.push(eventRef(tn, a.seq), eventRef(tn, b.seq));
      if (a.city !== b.city) {
        const ca = lookupCity(a.city);
        const cb = lookupCity(b.city);
        if (ca && cb && ca !== cb) {
          const km = distanceKm(ca, cb);
          // Out-of-order pairs are judged on the time between them, whichever way it runs.
          const speed = dt === 0 ? Infinity : km / (Math.abs(dt) / HOUR);
          if (speed > t.maxTransitKmh) {
            fast.push(eventRef(tn, a.seq), eventRef(tn, b.seq));
            if (speed > maxSpeed) maxSpeed = speed;
          }
        }
      }
    }
    if (ooo.length)
      emit(ctx, 'EVENTS_OUT_OF_ORDER', `${dirZh}单 ${tn} 的物流时间随序号倒退`, `Event times of ${dirEn} parcel ${tn} go backwards along the carrier sequence`, ooo, who);
    if (fast.length) {
      const speed = Number.isFinite(maxSpeed) ? keepSide(maxSpeed, t.maxTransitKmh) : 'instant';
      const sp = speed === 'instant' ? '∞' : `${speed} km/h`;
      emit(ctx, 'IMPOSSIBLE_TRANSIT', `${dirZh}单 ${tn} 两次扫描间隐含速度 ${sp}，超过 ${t.maxTransitKmh} km/h`, `${dirEn} parcel ${tn}: consecutive scans imply ${sp}, above ${t.maxTransitKmh} km/h`, fast, who, { speedKmh: speed });
    }

    // TRACKING_REUSED
    if (!byTracking) {
      byTracking = new Map();
      for (const tr of ctx.b.traces) {
        let s = byTracking.get(tr.trackingNumber);
        if (!s) byTracking.set(tr.trackingNumber, (s = new Set()));
        s.add(tr.orderId);
      }
    }
    const orderIds = byTracking.get(tn);
    if (orderIds && orderIds.size > 1) {
      const others = [...orderIds].filter((id) => id !== trace.orderId);
      emit(ctx, 'TRACKING_REUSED', `运单号 ${tn} 同时出现在订单 ${others.join('、')}`, `Tracking number ${tn} also appears on order(s) ${others.join(', ')}`, [{ type: 'trace', trackingNumber: tn }, orderRef(trace.orderId), ...others.map(orderRef)], who);
    }

    // DESTINATION_MISMATCH: the last delivered scan, against where the parcel should have gone.
    let lastDelivered: TraceEvent | undefined;
    for (const e of events) if (e.status === 'delivered') lastDelivered = e;
    if (lastDelivered && pt.order) {
      const want =
        trace.direction === 'outbound'
          ? pt.order.shippingAddress.city
          : ctx.b.parties.find((p) => p.id === pt.order?.merchantId)?.returnAddress?.city;
      if (want !== undefined && cityKey(want) !== cityKey(lastDelivered.city))
        emit(ctx, 'DESTINATION_MISMATCH', `${dirZh}单 ${tn} 签收于${lastDelivered.city}，应为${want}`, `${dirEn} parcel ${tn} was delivered in ${lastDelivered.city}, expected ${want}`, [eventRef(tn, lastDelivered.seq), orderRef(pt.order.id)], who, { deliveredCity: lastDelivered.city, expectedCity: want });
    }
  }
}

/**
 * SHIP_TIMEOUT count: 0 when picked up by shipBy (inclusive); otherwise 1, plus one for each
 * further full 24 h without pickup, capped at `max`. Without a pickup the clock runs to `at`.
 */
export function shipTimeoutCount(shipBy: string | number, pickedUpAt: string | number | null | undefined, at: string | Date | number, max = 3): number {
  const deadline = typeof shipBy === 'number' ? shipBy : ms(shipBy);
  const end = pickedUpAt === null || pickedUpAt === undefined ? toMillis(at) : typeof pickedUpAt === 'number' ? pickedUpAt : ms(pickedUpAt);
  if (!(end > deadline)) return 0;
  return Math.min(max, 1 + Math.floor((end - deadline) / DAY));
}

function firstOutboundPickup(ctx: Ctx, orderId: string): { at: number; seq: number; tn: string } | undefined {
  let best: { at: number; seq: number; tn: string } | undefined;
  for (const pt of ctx.caseTraces)
    if (pt.trace.direction === 'outbound' && pt.trace.orderId === orderId && pt.pickup && (!best || pt.pickup.at < best.at))
      best = { ...pt.pickup, tn: pt.trace.trackingNumber };
  return best;
}

function shipTimeoutRule(ctx: Ctx): void {
  const shippingKind = ctx.b.case.kind === 'late_shipment' || ctx.b.case.kind === 'fake_shipment';
  for (const o of ctx.caseOrders) {
    const hasOutbound = ctx.caseTraces.some((pt) => pt.trace.direction === 'outbound' && pt.trace.orderId === o.id);
    // Missing traces only count as "not picked up" where shipping is what the complaint is about.
    if (!hasOutbound && !shippingKind) continue;
    const pickup = firstOutboundPickup(ctx, o.id);
    // Without a pickup the count runs to `at`.
    if (!pickup) ctx.readsClock = true;
    const n = shipTimeoutCount(ms(o.shipBy), pickup?.at, ctx.at, ctx.t.shipTimeoutMax);
    if (n > 0) {
      const refs: EvidenceRef[] = [orderRef(o.id)];
      if (pickup) refs.push(eventRef(pickup.tn, pickup.seq));
      emit(ctx, 'SHIP_TIMEOUT', `订单 ${o.id} ${pickup ? '揽收' : '至今未揽收，'}超过发货时限，超时计数 ${n}`, `Order ${o.id} ${pickup ? 'was picked up' : 'has not been picked up'} after its ship-by deadline: timeout count ${n}`, refs, [o.merchantId], { count: n });
    }
  }
}
//#endregion

//#region Reviews
function reviewRules(ctx: Ctx): void {
  const { b, t, c } = ctx;
  const reviews: Review[] = [];
  if (ctx.subjectReview) reviews.push(ctx.subjectReview);
  for (const r of b.reviews) if (r !== ctx.subjectReview && ctx.caseOrderIds.has(r.orderId)) reviews.push(r);
  if (reviews.length === 0) return;

  let normCache: Map<Review, string> | undefined;
  const norm = (r: Review): string => {
    normCache ??= new Map();
    let s = normCache.get(r);
    if (s === undefined) normCache.set(r, (s = normaliseText(r.text)));
    return s;
  };

  for (const r of reviews) {
    const rref: EvidenceRef = { type: 'review', reviewId: r.id };
    const created = ms(r.createdAt);
    const order = ctx.orders.get(r.orderId);

    // REVIEW_BEFORE_DELIVERY
    let delivered: { at: number; seq: number; tn: string } | undefined;
    for (const pt of ctx.caseTraces)
      if (pt.trace.direction === 'outbound' && pt.trace.orderId === r.orderId && pt.delivered && (!delivered || pt.delivered.at < delivered.at))
        delivered = { ...pt.delivered, tn: pt.trace.trackingNumber };
    if (delivered && created < delivered.at) {
      const h = keepSide((delivered.at - created) / HOUR, 0, 1);
      emit(ctx, 'REVIEW_BEFORE_DELIVERY', `评价 ${r.id} 发布于包裹签收前 ${h} 小时`, `Review ${r.id} was posted ${h} h before the parcel was delivered`, [rref, eventRef(delivered.tn, delivered.seq)], [r.authorId], { hoursBefore: h });
    }

    // REVIEW_BLAMES_LOGISTICS: only when the merchant demonstrably shipped on time.
    if (r.rating <= t.reviewBlameMaxRating && order) {
      const lower = r.text.toLowerCase();
      const kw = c.logistics.find((k) => lower.includes(k));
      if (kw !== undefined) {
        const pickup = firstOutboundPickup(ctx, order.id);
        if (pickup && pickup.at <= ms(order.shipBy))
          emit(ctx, 'REVIEW_BLAMES_LOGISTICS', `${r.rating} 星差评归因于物流（“${kw}”），而商家已按时发货`, `${r.rating}-star review blames logistics ("${kw}") although the merchant shipped on time`, [rref, eventRef(pickup.tn, pickup.seq)], [r.authorId], { keyword: kw });
      }
    }

    // REVIEW_DUPLICATE_TEXT: normalise only when the author has enough other reviews to matter.
    let sameAuthor = 0;
    for (const o of b.reviews) if (o.authorId === r.authorId && o !== r) sameAuthor++;
    const mine = sameAuthor >= t.duplicateReviewMinOthers ? norm(r) : '';
    if (mine !== '') {
      const dups: EvidenceRef[] = [];
      for (const o of b.reviews)
        if (o !== r && o.authorId === r.authorId && o.id !== r.id && norm(o) === mine) dups.push({ type: 'review', reviewId: o.id });
      if (dups.length >= t.duplicateReviewMinOthers)
        emit(ctx, 'REVIEW_DUPLICATE_TEXT', `同一作者另有 ${dups.length} 条内容相同的评价`, `The author posted ${dups.length} other reviews with the same text`, [rref, ...dups], [r.authorId], { duplicates: dups.length });
    }

    // REVIEW_CONTACT_INFO
    const kinds = contactKinds(r.text);
    if (kinds.length)
      emit(ctx, 'REVIEW_CONTACT_INFO', `评价 ${r.id} 含联系方式（${kinds.join('、')}），疑似引流`, `Review ${r.id} contains contact details (${kinds.join(', ')})`, [rref], [r.authorId], { kinds: kinds.join(',') });
  }
}
//#endregion

//#region Livestream / advertising
type Source = { ref: (i: number) => EvidenceRef; texts: string[]; who: string[]; skus: readonly string[]; label: string };

function paidUnitFen(o: Order, sku: string | undefined): number[] {
  let total = 0;
  for (const it of o.items) total += it.unitPriceFen * it.qty;
  const out: number[] = [];
  for (const it of o.items) {
    if (sku !== undefined && it.sku !== sku) continue;
    // Discounts are spread over lines in proportion to their list value.
    const unit = total > 0 ? (o.paidFen * it.unitPriceFen) / total : o.paidFen / it.qty;
    out.push(Math.round(unit));
  }
  return out;
}

function advertisingRules(ctx: Ctx): void {
  const { b, t, c } = ctx;
  if (b.sessions.length === 0 && b.excerpts.length === 0) return;
  const specBySku = new Map<string, ProductSpec>();
  for (const s of b.specs) specBySku.set(s.sku, s);

  // A claim implicates whoever made it and the merchant whose product it sells: in a consumer's
  // false-advertising complaint the merchant answers for its affiliates' claims.
  const sellers = (skus: readonly string[]): string[] => {
    const out: string[] = [];
    for (const k of skus) {
      const m = specBySku.get(k)?.merchantId;
      if (m !== undefined && !out.includes(m)) out.push(m);
    }
    return out;
  };
  const sources: Source[] = [];
  for (const s of b.sessions)
    sources.push({ ref: (i) => ({ type: 'segment', sessionId: s.id, index: i }), texts: s.segments.map((x) => x.text), who: [s.affiliateId, ...sellers(s.productsShown)], skus: s.productsShown, label: `直播 ${s.id}|session ${s.id}` });
  for (const e of b.excerpts) {
    const skus = e.productSku ? [e.productSku] : [];
    const who = [...(e.authorId ? [e.authorId] : []), ...sellers(skus)];
    // An unattributed quote is the complainant's account of what the respondent claimed.
    sources.push({ ref: () => ({ type: 'excerpt', excerptId: e.id }), texts: [e.text], who: who.length ? who : [ctx.respondent], skus, label: `摘录 ${e.id}|excerpt ${e.id}` });
  }

  for (const src of sources) {
    const [labelZh, labelEn] = src.label.split('|') as [string, string];
    let specs = src.skus.map((k) => specBySku.get(k)).filter((s): s is ProductSpec => s !== undefined);
    if (specs.length === 0) specs = b.specs;
    const absRefs: EvidenceRef[] = [];
    const terms = new Set<string>();
    const contradictions = new Map<string, { refs: EvidenceRef[]; zh: string; en: string; data: Finding['data'] }>();
    const priceRefs: EvidenceRef[] = [];
    const claimed: number[] = [];
    const paid: number[] = [];
    let paidReady = false;

    for (let i = 0; i < src.texts.length; i++) {
      const text = src.texts[i]!;
      // ABSOLUTE_TERM
      const scan = c.exceptions ? text.replace(c.exceptions, '\u3000') : text;
      const hits = scan.match(c.absolute);
      if (hits) {
        absRefs.push(src.ref(i));
        for (const h of hits) terms.add(h);
      }
      // CLAIM_CONTRADICTS_SPEC
      for (const spec of specs)
        for (const attr of spec.attributes) {
          if (typeof attr.value !== 'number') continue;
          let pos = text.indexOf(attr.name);
          while (pos >= 0) {
            const n = numberAfter(text, pos + attr.name.length, 6);
            if (n) {
              const specUnit = parseUnit(attr.unit);
              const claimUnit = unitAt(text, n.end);
              let claimedV = n.value;
              let specV = attr.value;
              let comparable = true;
              if (claimUnit && specUnit) {
                if (claimUnit.dim !== specUnit.dim) comparable = false;
                claimedV *= claimUnit.factor;
                specV *= specUnit.factor;
              }
              if (comparable) {
                const diff = specV === 0 ? (claimedV === 0 ? 0 : Infinity) : Math.abs(claimedV - specV) / Math.abs(specV);
                if (diff > t.claimSpecTolerance) {
                  const key = `${spec.sku}\u0000${attr.name}`;
                  let entry = contradictions.get(key);
                  const unit = attr.unit ?? '';
                  const claimText = text.slice(n.start, n.end + (claimUnit?.length ?? 0));
                  if (!entry) {
                    entry = {
                      refs: [{ type: 'spec', sku: spec.sku, attribute: attr.name }],
                      zh: `${labelZh} 宣称“${attr.name}${claimText}”，规格为 ${attr.value}${unit}（${spec.name}）`,
                      en: `${labelEn} claims ${attr.name} ${claimText}; the spec says ${attr.value}${unit} (${spec.name})`,
                      data: { attribute: attr.name, claimed: claimText, spec: `${attr.value}${unit}`, deviationPct: Number.isFinite(diff) ? keepSide(diff * 100, t.claimSpecTolerance * 100, 1) : 'inf' },
                    };
                    contradictions.set(key, entry);
                  }
                  entry.refs.push(src.ref(i));
                }
              }
            }
            pos = text.indexOf(attr.name, pos + attr.name.length);
          }
        }
      // PRICE_CLAIM_MISMATCH
      const claims = priceClaims(text, c.priceMarkers);
      if (claims.length) {
        if (!paidReady) {
          paidReady = true;
          for (const o of ctx.caseOrders) {
            if (src.skus.length === 0) paid.push(...paidUnitFen(o, undefined));
            else for (const sku of src.skus) paid.push(...paidUnitFen(o, sku));
          }
        }
        if (paid.length)
          for (const cl of claims)
            if (!paid.some((p) => Math.abs(p - cl.fen) <= t.priceClaimToleranceFen)) {
              priceRefs.push(src.ref(i));
              claimed.push(cl.fen);
            }
      }
    }

    if (absRefs.length) {
      const list = [...terms].join('、');
      emit(ctx, 'ABSOLUTE_TERM', `${labelZh} 使用绝对化用语：${list}`, `${labelEn} uses absolute terms: ${list}`, absRefs, src.who, { terms: list });
    }
    for (const e of contradictions.values()) emit(ctx, 'CLAIM_CONTRADICTS_SPEC', e.zh, e.en, e.refs, src.who, e.data);
    if (priceRefs.length) {
      const y = (f: number) => (f / 100).toFixed(2);
      const paidList = [...new Set(paid)].map(y).join('/');
      emit(ctx, 'PRICE_CLAIM_MISMATCH', `${labelZh} 宣称价格 ¥${claimed.map(y).join('/')}，实付 ¥${paidList}`, `${labelEn} claims ¥${claimed.map(y).join('/')}; buyers paid ¥${paidList}`, [...priceRefs, ...ctx.caseOrders.map((o) => orderRef(o.id))], src.who, { claimedFen: claimed[0] ?? 0, paidFen: paid[0] ?? 0 });
    }
  }
}
//#endregion

//#region Orders and parties
function partyRules(ctx: Ctx): void {
  const { b, t } = ctx;

  // HIGH_REFUND_RATE: the buyer of the subject order, else whichever side is a user.
  let buyer = ctx.caseOrders[0]?.buyerId;
  if (buyer === undefined) {
    const roleOf = (id: string) => b.parties.find((p) => p.id === id)?.role;
    buyer = roleOf(ctx.complainant) === 'user' ? ctx.complainant : roleOf(ctx.respondent) === 'user' ? ctx.respondent : undefined;
  }
  if (buyer !== undefined) {
    const from = ctx.filedAt - t.refundLookbackDays * DAY;
    let n = 0;
    const refunded: string[] = [];
    for (const o of b.orders) {
      if (o.buyerId !== buyer) continue;
      const at = ms(o.createdAt);
      if (at < from || at > ctx.filedAt) continue;
      n++;
      if (o.refunds.length > 0) refunded.push(o.id);
    }
    if (n >= t.highRefundMinOrders && refunded.length / n > t.highRefundRate) {
      const pct = keepSide((refunded.length / n) * 100, t.highRefundRate * 100);
      emit(ctx, 'HIGH_REFUND_RATE', `买家近 ${t.refundLookbackDays} 天 ${n} 单中 ${refunded.length} 单退款（${pct}%）`, `Buyer refunded ${refunded.length} of ${n} orders (${pct}%) in the ${t.refundLookbackDays} days before filing`, [{ type: 'party', partyId: buyer }, ...refunded.map(orderRef)], [buyer], { orders: n, refunded: refunded.length, percent: pct });
    }
  }

  // SHARED_ADDRESS_RING. Cheap pre-pass: only affiliates with enough distinct buyers get their
  // addresses normalised (the regex is the costly part on large histories).
  const buyersByAffiliate = new Map<string, Set<string>>();
  for (const o of b.orders) {
    if (o.affiliateId === undefined) continue;
    let s = buyersByAffiliate.get(o.affiliateId);
    if (!s) buyersByAffiliate.set(o.affiliateId, (s = new Set()));
    s.add(o.buyerId);
  }
  const groups = new Map<string, { o: Order; at: number }[]>();
  for (const o of b.orders) {
    if (o.affiliateId === undefined || (buyersByAffiliate.get(o.affiliateId)?.size ?? 0) < t.ringMinBuyers) continue;
    const key = `${o.affiliateId}\u0000${normaliseAddress(o.shippingAddress.normalised)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push({ o, at: ms(o.createdAt) });
  }
  const win = t.ringWindowDays * DAY;
  for (const g of groups.values()) {
    if (g.length < t.ringMinBuyers) continue;
    g.sort((x, y) => x.at - y.at);
    let ring: Order[] | undefined;
    for (let i = 0; i < g.length && !ring; i++) {
      const buyers = new Set<string>();
      const inWin: Order[] = [];
      for (let j = i; j < g.length && g[j]!.at - g[i]!.at <= win; j++) {
        buyers.add(g[j]!.o.buyerId);
        inWin.push(g[j]!.o);
      }
      if (buyers.size >= t.ringMinBuyers) ring = inWin;
    }
    if (ring) {
      const first = ring[0]!;
      const buyers = [...new Set(ring.map((o) => o.buyerId))];
      emit(ctx, 'SHARED_ADDRESS_RING', `${buyers.length} 个买家在 ${t.ringWindowDays} 天内经同一带货者向同一地址下单`, `${buyers.length} buyers ordered to one address through the same affiliate within ${t.ringWindowDays} days`, ring.map((o) => orderRef(o.id)), [first.affiliateId!, ...buyers], { buyers: buyers.length, address: first.shippingAddress.normalised });
    }
  }

  // REFUND_AFTER_COMMISSION
  for (const o of ctx.caseOrders) {
    if (o.affiliateId === undefined || o.commissionSettledAt === undefined || o.refunds.length === 0) continue;
    const settled = ms(o.commissionSettledAt);
    const late = o.refunds.filter((r) => ms(r.at) > settled);
    if (late.length)
      emit(ctx, 'REFUND_AFTER_COMMISSION', `订单 ${o.id} 在佣金结算后申请退款`, `Order ${o.id} was refunded after the affiliate commission settled`, [orderRef(o.id)], [o.buyerId], { refunds: late.length });
  }

  // SERIAL_COMPLAINANT: earlier complaints only; the case itself does not count.
  const since = ctx.filedAt - t.serialLookbackDays * DAY;
  const prior: EvidenceRef[] = [];
  for (const pc of b.priorComplaints) {
    if (pc.complainantId !== ctx.complainant || pc.caseId === b.case.id) continue;
    const at = ms(pc.filedAt);
    if (at >= since && at < ctx.filedAt) prior.push({ type: 'complaint', caseId: pc.caseId });
  }
  if (prior.length >= t.serialMinComplaints)
    emit(ctx, 'SERIAL_COMPLAINANT', `投诉方近 ${t.serialLookbackDays} 天已投诉 ${prior.length} 次`, `The complainant filed ${prior.length} complaints in the previous ${t.serialLookbackDays} days`, prior, [ctx.complainant], { complaints: prior.length });

  // SERVICE_UNREACHABLE: unanswered calls to the respondent, any window of the policy length.
  const missed = b.calls.filter((c) => !c.answered && c.calleeId === ctx.respondent).map((c) => ({ id: c.id, at: ms(c.at) }));
  if (missed.length >= t.unreachableMinCalls) {
    missed.sort((x, y) => x.at - y.at);
    const w = t.unreachableWindowHours * HOUR;
    const k = t.unreachableMinCalls;
    for (let i = 0; i + k - 1 < missed.length; i++) {
      if (missed[i + k - 1]!.at - missed[i]!.at <= w) {
        let j = i;
        while (j + 1 < missed.length && missed[j + 1]!.at - missed[i]!.at <= w) j++;
        const calls = missed.slice(i, j + 1);
        emit(ctx, 'SERVICE_UNREACHABLE', `${t.unreachableWindowHours} 小时内 ${calls.length} 次来电未接`, `${calls.length} unanswered calls within ${t.unreachableWindowHours} h`, calls.map((c) => ({ type: 'call', callId: c.id })), [ctx.respondent], { calls: calls.length });
        break;
      }
    }
  }
}
//#endregion

const bySeverityThenCode = (a: Finding, b: Finding): number =>
  SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Assesses one bundle at time `at`. Pure and deterministic: the same bundle, policy and time give
 * the same result. `eligible` is false when any eligibility finding fires.
 */
export function assessCase(bundle: CaseBundle, policy: Policy, at: string | Date | number): Assessment {
  return assessCaseAt(bundle, policy, at).assessment;
}

/**
 * assessCase, and whether any rule's outcome read the time: when `readsClock` is false, the
 * assessment of the same bundle under the same policy at any other time is this one with only its
 * `at` changed (so a caller needing two instants assesses once). Only two rules read it: no movement
 * after the last "created" / "picked up" event, and a ship-by deadline without a pickup.
 */
export function assessCaseAt(bundle: CaseBundle, policy: Policy, at: string | Date | number): { assessment: Assessment; readsClock: boolean } {
  const atMs = toMillis(at);
  const cs = bundle.case;
  const orders = new Map<string, Order>();
  for (const o of bundle.orders) orders.set(o.id, o);
  const subjectReview = cs.subject.reviewId !== undefined ? bundle.reviews.find((r) => r.id === cs.subject.reviewId) : undefined;
  const caseOrderIds = new Set<string>(cs.subject.orderIds);
  if (subjectReview) caseOrderIds.add(subjectReview.orderId);
  const caseOrders: Order[] = [];
  for (const id of caseOrderIds) {
    const o = orders.get(id);
    if (o) caseOrders.push(o);
  }
  const caseTraces: PreparedTrace[] = [];
  for (const tr of bundle.traces) if (caseOrderIds.has(tr.orderId)) caseTraces.push(prepareTrace(tr, orders.get(tr.orderId)));

  const ctx: Ctx = {
    b: bundle,
    t: policy.thresholds,
    c: compile(policy),
    at: atMs,
    readsClock: false,
    filedAt: ms(cs.filedAt),
    complainant: cs.complainantId,
    respondent: cs.respondentId,
    orders,
    caseOrders,
    caseOrderIds,
    subjectReview,
    caseTraces,
    eligibility: [],
    findings: [],
  };
  eligibilityRules(ctx);
  logisticsRules(ctx);
  shipTimeoutRule(ctx);
  reviewRules(ctx);
  advertisingRules(ctx);
  partyRules(ctx);
  ctx.eligibility.sort(bySeverityThenCode);
  ctx.findings.sort(bySeverityThenCode);
  return {
    assessment: {
      eligible: ctx.eligibility.length === 0,
      eligibility: ctx.eligibility,
      findings: ctx.findings,
      policyVersion: policy.version,
      at: new Date(atMs).toISOString(),
    },
    readsClock: ctx.readsClock,
  };
}
