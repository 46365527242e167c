import type { CaseBundle } from '@common/domain/bundle';
import { COMPLAINT_KINDS, KIND_LABELS, type ComplaintKind } from '@common/domain/case';
import { DEFAULT_POLICY } from '@common/policy';
import { assessCase } from '@common/rules';
import { generateBundles, type Generated } from './bundles';

/** What each kind is about, who is who, and what the minimum evidence is. */
const NOTES: Record<ComplaintKind, string> = {
  abnormal_order:
    'Merchant → user. `subject.type: "order"` lists the orders complained about (often several placed through one affiliate link). `orders` also carries the buyer\u2019s other recent orders so refund-rate and address-ring rules can run; `affiliateId`, `commissionFen` and `commissionSettledAt` matter here. Minimum evidence: the subject orders.',
  abnormal_after_sales:
    'Merchant → user about a return (empty, short or swapped parcel, fake return logistics). Carry the outbound trace (its measured weight is what the return is compared with) and the `direction: "return"` trace, and the merchant party\u2019s `returnAddress`. Minimum evidence: a return trace or `media` with `purpose: "unboxing"`.',
  abnormal_review:
    'Merchant → user about a review. `subject.type: "review"` with `reviewId`; include the review, its order and outbound trace (delivery time, on-time shipping), and the author\u2019s other reviews (duplicate text). Minimum evidence: the review.',
  abnormal_affiliate:
    'Merchant → affiliate (livestreamer) about false or misleading claims. `subject.type: "session"` with `sessionId` and the orders sold through it; include the session transcript (`segments`), the `specs` of the products shown and the orders (price actually paid). Minimum evidence: a session or a claim excerpt.',
  quality: 'Consumer → merchant. The order, its outbound trace, the buyer\u2019s photos (`media`) and the service chat. Minimum evidence: the order.',
  not_as_described: 'Consumer → merchant: the goods differ from the listing. As for quality; `specs` of the product help the arbitrator compare. Minimum evidence: the order.',
  counterfeit: 'Consumer → merchant, a serious kind: withdrawing it leaves the case in `withdrawn_penalty_retained`. Minimum evidence: the order.',
  late_shipment: 'Consumer → merchant: not picked up by `shipBy`. The outbound trace gives the pickup time; without a trace the clock runs to the assessment time. Minimum evidence: the order.',
  fake_shipment: 'Consumer → merchant: a tracking number with no real parcel behind it. The outbound trace with every carrier event (`seq`, time, city, weight). Minimum evidence: the order.',
  service_unreachable: 'Consumer → merchant: customer service never answers. `calls` with every attempt (`answered: false` for missed ones). Minimum evidence: a call.',
  false_advertising:
    'Consumer → merchant, a serious kind, about claims in a livestream or on the product page: the session (by an affiliate) and/or `excerpts`, the product `specs` and the order. Minimum evidence: a session or a claim excerpt.',
};

/** Keeps an example readable: drops history that no rule in the example needs. */
function trim(b: CaseBundle): CaseBundle {
  const keepOrders = new Set([...b.case.subject.orderIds, ...b.traces.map((t) => t.orderId), ...b.reviews.map((r) => r.orderId)]);
  const orders = b.orders.filter((o) => keepOrders.has(o.id)).slice(0, 6);
  const used = new Set([b.case.complainantId, b.case.respondentId, ...orders.flatMap((o) => [o.buyerId, o.merchantId, o.affiliateId ?? '']), ...b.sessions.map((s) => s.affiliateId)]);
  const skus = new Set(orders.flatMap((o) => o.items.map((i) => i.sku)));
  return {
    ...b,
    parties: b.parties.filter((p) => used.has(p.id)),
    orders,
    specs: b.specs.filter((s) => skus.has(s.sku)),
    reviews: b.reviews.slice(0, 4),
    priorComplaints: b.priorComplaints.slice(0, 3),
  };
}

/** The anomaly each example should show (quality disputes are shown clean: no rule decides them). */
const SHOWCASE: Record<ComplaintKind, string | undefined> = {
  abnormal_order: 'SHARED_ADDRESS_RING',
  abnormal_after_sales: 'WEIGHT_SHORTFALL',
  abnormal_review: 'REVIEW_BLAMES_LOGISTICS',
  abnormal_affiliate: 'CLAIM_CONTRADICTS_SPEC',
  quality: undefined,
  not_as_described: undefined,
  counterfeit: undefined,
  late_shipment: 'SHIP_TIMEOUT',
  fake_shipment: 'NO_MOVEMENT_AFTER_PICKUP',
  service_unreachable: 'SERVICE_UNREACHABLE',
  false_advertising: 'PRICE_CLAIM_MISMATCH',
};

function pickExamples(): Map<ComplaintKind, Generated> {
  const out = new Map<ComplaintKind, Generated>();
  for (const g of generateBundles({ cases: 5000, seed: 11 })) {
    const k = g.label.kind;
    const want = SHOWCASE[k];
    const fits = want === undefined ? g.label.injected.length === 0 : g.label.injected.length === 1 && g.label.injected[0] === want;
    if (!out.has(k) && fits) out.set(k, g);
    if (out.size === COMPLAINT_KINDS.length) break;
  }
  return out;
}

export function renderCaseBundleDoc(): string {
  const examples = pickExamples();
  const parts: string[] = [HEADER];
  for (const kind of COMPLAINT_KINDS) {
    const g = examples.get(kind);
    if (!g) throw new Error(`no example generated for ${kind}`);
    const bundle = trim(g.bundle);
    const a = assessCase(bundle, DEFAULT_POLICY, g.label.at);
    const found = [...a.eligibility, ...a.findings];
    parts.push(
      `### \`${kind}\` · ${KIND_LABELS[kind].zh}\n\n${NOTES[kind]}\n\n` +
        `Assessed at ${g.label.at} the engine reports: ${found.length ? found.map((f) => `\`${f.code}\` (${f.severity}): ${f.message_zh}`).join('; ') : 'nothing (a clean case: the arbitrator decides on the evidence)'}.\n\n` +
        `<details><summary>example bundle</summary>\n\n\`\`\`json\n${JSON.stringify(bundle, null, 2)}\n\`\`\`\n\n</details>\n`,
    );
  }
  return `${parts.join('\n')}\n`;
}

const HEADER = `# Case bundle format

<!-- Generated by \`npx tsx scripts/genSchema.ts\` from common/domain and server/demo; edit those, not this file. -->

A **case bundle** is one complaint case plus everything needed to judge it offline: the parties, the subject
orders and both parties' recent order history, logistics traces, reviews, livestream sessions, product specs,
chats, calls and media references. It is the unit the platform imports (\`POST\` one bundle per case; imports
are idempotent on \`case.externalId\`) and the unit the workstation stores locally.

- **Schema:** [docs/schema/case-bundle.schema.json](schema/case-bundle.schema.json) (JSON Schema 2020-12,
  generated from the zod schemas in \`common/domain\`; it describes what a producer may send, so fields with
  defaults are optional). Decisions: [decision.schema.json](schema/decision.schema.json); policy:
  [policy.schema.json](schema/policy.schema.json).
- **Ids** are the platform's stable strings (1–128 chars). The server may add its own keys; bundles keep theirs.
- **Times** are ISO-8601 with an explicit offset (\`2026-03-01T09:30:00+08:00\` or \`…Z\`); a bare local time is
  rejected, because every window rule would be off by the time-zone difference.
- **Money** is integer **fen** (\`paidFen: 9900\` = ¥99.00) so comparisons such as "more than ¥1" are exact.
  **Weights** are whole grams.
- Arrays default to \`[]\` and may be omitted; \`schemaVersion\` defaults to \`1\`.
- Validation errors name the path and the reason, e.g. \`orders[2].items[0].qty: Too small: expected number to be >=1\`
  (\`parseCaseBundle\` in \`@common/domain\`; \`npm run assess\` prints them with the line number). A time
  without an offset reads \`case.filedAt: expected an ISO-8601 date-time with an offset, e.g. 2026-03-01T09:30:00+08:00\`.

## Top level

| field | content |
|---|---|
| \`case\` | \`id\`, \`externalId\`, \`kind\`, \`complainantId\`, \`respondentId\`, \`subject\` (\`type\`: order / review / session, \`orderIds\`, \`reviewId\`, \`sessionId\`), \`filedAt\`, \`dueAt\` (SLA), \`priority\`, \`status\`, \`evidence\` (refs the parties submitted), \`claim\` (arbitrator, lease expiry, offline flag), \`decision\`, \`appeal\` |
| \`parties\` | users, merchants (\`returnAddress\` = return warehouse), affiliates (\`starRating\` 1–5); must include complainant and respondent |
| \`orders\` | items (\`sku\`, \`qty\`, \`unitPriceFen\`, \`unitWeightG\`), \`paidFen\`, \`createdAt\`, \`shipBy\`, \`shippingAddress\` (\`city\`, \`normalised\`), \`refunds\`, \`affiliateId\`, \`commissionSettledAt\` |
| \`traces\` | \`trackingNumber\`, \`carrier\`, \`direction\` (outbound / return), \`orderId\`, events \`{seq, at, city, status, weightGrams?}\` |
| \`reviews\` | \`orderId\`, \`authorId\`, \`rating\` 1–5, \`text\`, \`createdAt\`, \`mediaIds\` |
| \`sessions\` | livestreams: \`affiliateId\`, \`startedAt\`, \`segments\` \`{startSec, endSec, text}\`, \`productsShown\` (SKUs) |
| \`excerpts\` | quoted claims when there is no full transcript (product page, short video…) |
| \`specs\` | product specs: \`attributes\` \`{name, value, unit}\` (numeric values are checked against claims), \`listedPriceFen\` |
| \`chats\`, \`calls\`, \`media\` | service chat logs; call attempts (\`answered\`); photo/video references (\`sha256\`, \`uri\`, fetched lazily) |
| \`priorComplaints\` | the complainant's earlier complaints, summarised |

Findings point back into the bundle with evidence refs: \`{type: "trace_event", trackingNumber, seq}\`,
\`{type: "segment", sessionId, index}\` (0-based), \`{type: "review", reviewId}\`, \`{type: "order", orderId}\`,
\`{type: "call", callId}\`, … — see [rules.md](rules.md).

## One example per kind

Each example is a real output of the generator (\`npm run generate\`), trimmed of history the example does not
need, followed by what the rules engine reports for it.
`;
