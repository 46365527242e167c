/**
 * What the renderer stores in IndexedDB, and how a server CaseView becomes those rows.
 * Queue rows are small and indexed; the bundle (evidence) is stored apart and read one case at a
 * time, so the 100k-row queue never drags evidence through memory.
 */
import type { CaseView, Mutation, MutationResult, NoticeView, PrecedentsResponse, QaComparison, QaNotice, Snippet, Macro } from '@common/api';
import type { QaDecisionFacts } from '@common/qa';
import { KIND_LABELS, type CaseBundle, type ComplaintKind, type Decision, type EvidenceRequest, type Order } from '@common/domain';
import type { Policy } from '@common/policy';
import { SEVERITY_RANK, type Finding } from '@common/rules';

/** The decision's life on this machine. */
export type LocalState = 'open' | 'pending' | 'synced' | 'conflict';

export type CaseRow = {
  id: string;
  externalId: string;
  kind: ComplaintKind;
  queue: string;
  status: string;
  priority: string;
  /** 0 = urgent … 3 = low, for index-ordered sorting. */
  priorityRank: number;
  filedAt: string;
  dueAt: string;
  /** Epoch ms of dueAt: ISO strings with different offsets do not sort as text. */
  dueAtMs: number;
  leaseExpiresAt: string | null;
  leaseExpiresAtMs: number | null;
  leaseEpoch: number | null;
  claimedBy: string | null;
  offlineLease: boolean;
  complainantId: string;
  complainantName: string;
  respondentId: string;
  respondentName: string;
  /** Paid amount of the subject orders, in fen. */
  amountFen: number;
  /** 0 = critical, 1 = warn, 2 = info, 3 = none: the most severe finding. */
  topSeverity: number;
  findingCounts: { critical: number; warn: number; info: number };
  findingCodes: string[];
  eligible: boolean;
  /**
   * The governing policy version (in force when the case was filed; decisions cite it). Optional:
   * rows written before it existed fall back to the version in force at `filedAt` (src/data/policies.ts).
   */
  policyVersion?: string;
  version: number;
  evidenceVersion: number;
  local: LocalState;
  /**
   * Search words of rows written before `searchText` existed (the queue joins them then). Rows
   * written now store none: 60-odd strings a row cost every write and every read.
   */
  tokens: string[];
  /**
   * Lower-cased text the queue's search box matches by substring (external id, party names, title,
   * kind labels). Optional: rows written before it existed fall back to their tokens.
   */
  searchText?: string;
  /**
   * Evidence that arrived after this machine first held the case (ref keys, as `refKey` writes
   * them), so the arbitrator sees what changed since evidence version `newSince`. Kept while the
   * case is undecided here; gone once a decision on it is synced.
   */
  newKeys?: string[];
  newSince?: number;
};

export type BundleRow = {
  caseId: string;
  bundle: CaseBundle;
  /** The server's assessment (at import, on new evidence, when a decision was applied). */
  findings: Finding[];
  eligibility: Finding[];
  /** When the server made that assessment; the case view shows what appeared or went since. */
  assessedAt?: string;
  notes: CaseView['notes'];
  serverDecision: Decision | null;
  /** The open evidence request while the case awaits evidence. Optional: rows written before it existed have none. */
  evidenceRequest?: EvidenceRequest | null;
  /** sha256 of every media item, indexed (multiEntry) to find the same file in other cases. */
  mediaShas: string[];
  /**
   * The bundle's orders by party (`partyTimesOf`), indexed (multiEntry): a party's history is read
   * from the bundles that hold its orders. Since schema v14; before, each case's orders were a second
   * copy in a row of their own, one more write a case on every first sync.
   */
  partyTimes: [string, number][];
};

/** An order in a party's history (one case's evidence holds it; an order in two cases is listed once). */
export type OrderRow = Order & { caseId: string; createdAtMs: number };

/**
 * The keys that find a case's orders by party: one [party id, created at ms] per order and role
 * (buyer, merchant, affiliate), indexed (multiEntry) on the bundle row that holds the orders.
 */
export function partyTimesOf(orders: readonly Order[]): [string, number][] {
  const partyTimes: [string, number][] = [];
  for (const o of orders) {
    const at = Date.parse(o.createdAt);
    for (const party of new Set([o.buyerId, o.merchantId, o.affiliateId])) if (party) partyTimes.push([party, at]);
  }
  return partyTimes;
}

export type DecisionRow = {
  mutationId: string;
  caseId: string;
  decision: Decision;
  state: 'pending' | 'applied' | 'rejected' | 'conflict';
  /** The case's local state before the decision, restored by undo. */
  previousLocal: LocalState;
  previousStatus: string;
  createdAt: string;
};

export type OutboxRow = {
  seq?: number;
  clientId: string;
  caseId: string;
  type: Mutation['type'];
  mutation: Mutation;
  enqueuedAt: string;
  /** Set when the mutation first left for the server; from then on undo is impossible (it may be applied). */
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
};

export type ConflictRow = {
  clientId: string;
  caseId: string;
  externalId: string;
  kind: ComplaintKind | null;
  result: Exclude<MutationResult, { status: 'applied' }>;
  mutation: Mutation;
  at: string;
  resolution: null | 'discarded' | 'redecided' | 'sent_to_supervisor';
  resolvedAt?: string;
  /**
   * Set aside before or by the server as a mutation that can never be accepted (it does not fit the
   * wire schema, or the server refused its whole batch for it): it is not retried.
   */
  quarantined?: boolean;
};

export type MetaRow = { key: string; value: unknown };

/**
 * A blind re-review assigned to this supervisor. `case` is the server's blind view (no decision,
 * claim or notes). `local` is the review's life on this machine, like a case's decision:
 * open → pending (in the outbox) → reviewed (the server answered with the comparison), or
 * rejected (the server refused it; `error` says why and the supervisor can review again).
 */
export type QaItemRow = {
  itemId: string;
  planId: string;
  planName: string;
  caseId: string;
  externalId: string;
  kind: ComplaintKind;
  assignedAt: string;
  /** 0 while open on this machine, 1 once reviewed: an index for "open first". */
  done: 0 | 1;
  local: 'open' | 'pending' | 'reviewed' | 'rejected';
  case: CaseView;
  review: QaDecisionFacts | null;
  feedback: string;
  comparison: QaComparison | null;
  clientId: string | null;
  error: string | null;
};

/** A policy version as pull delivered it (immutable once published). */
export type PolicyRow = { version: string; seq: number; effectiveFrom: string; publishedAt: string; policy: Policy };

/** A note snippet as pull delivered it (the server's list replaces the stored one whole). */
export type SnippetRow = Snippet;

/** A macro as pull delivered it (this user's list from the server replaces the stored one whole). */
export type MacroRow = Macro;

/** The precedents of one case as the server last answered them (GET /v1/cases/:id/precedents), kept for offline work. */
export type PrecedentRow = { caseId: string; fetchedAt: string; response: PrecedentsResponse };

/** Feedback or an override on one of this user's decisions. */
export type QaNoticeRow = QaNotice;

/**
 * A notice in this user's inbox (GET /v1/notices). `unread` is 1 until it is shown in the inbox
 * (an index: the shell's badge counts it); `readPending` is 1 while that has not reached the server.
 */
export type NoticeRow = NoticeView & { unread: 0 | 1; readPending: 0 | 1 };

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

type Partitioned = { findings: Finding[]; eligibility: Finding[] };

/**
 * The assessment arrives typed but unchecked (`z.custom`); keep only entries shaped like a
 * Finding, so one malformed item from a server cannot break the queue or the case view.
 */
export function assessmentFindings(assessment: unknown): Partitioned {
  const a = (typeof assessment === 'object' && assessment !== null ? assessment : {}) as Record<string, unknown>;
  const list = (v: unknown): Finding[] => (Array.isArray(v) ? v.filter(isFinding) : []);
  return { findings: list(a.findings), eligibility: list(a.eligibility) };
}

function isFinding(f: unknown): f is Finding {
  if (typeof f !== 'object' || f === null) return false;
  const o = f as Record<string, unknown>;
  return typeof o.code === 'string' && typeof o.severity === 'string' && o.severity in SEVERITY_RANK && Array.isArray(o.refs);
}

export function caseRowFromView(view: CaseView, local: LocalState): CaseRow {
  const b = view.bundle;
  const party = (id: string): string => b.parties.find((p) => p.id === id)?.displayName ?? id;
  const { findings, eligibility } = assessmentFindings(view.assessment);
  const counts = { critical: 0, warn: 0, info: 0 };
  let top = 3;
  for (const f of [...eligibility, ...findings]) {
    counts[f.severity]++;
    top = Math.min(top, SEVERITY_RANK[f.severity]);
  }
  const subjectOrders = new Set(b.case.subject.orderIds);
  const amountFen = b.orders.filter((o) => subjectOrders.has(o.id)).reduce((sum, o) => sum + o.paidFen, 0);
  const complainantName = party(b.case.complainantId);
  const respondentName = party(b.case.respondentId);
  const label = KIND_LABELS[view.kind];
  return {
    id: view.id,
    externalId: view.externalId,
    kind: view.kind,
    queue: view.queue,
    status: view.status,
    priority: view.priority,
    priorityRank: PRIORITY_RANK[view.priority] ?? 2,
    filedAt: view.filedAt,
    dueAt: view.dueAt,
    dueAtMs: Date.parse(view.dueAt),
    leaseExpiresAt: view.claim?.active ? view.claim.leaseExpiresAt : null,
    leaseExpiresAtMs: view.claim?.active ? Date.parse(view.claim.leaseExpiresAt) : null,
    leaseEpoch: view.claim?.epoch ?? null,
    claimedBy: view.claim?.active ? view.claim.arbitratorId : null,
    offlineLease: view.claim?.offline ?? false,
    complainantId: b.case.complainantId,
    complainantName,
    respondentId: b.case.respondentId,
    respondentName,
    amountFen,
    topSeverity: top,
    findingCounts: counts,
    findingCodes: [...new Set([...eligibility, ...findings].map((f) => f.code))],
    eligible: eligibility.length === 0,
    policyVersion: view.policyVersion,
    version: view.version,
    evidenceVersion: view.evidenceVersion,
    local,
    tokens: [],
    searchText: [view.externalId, complainantName, respondentName, b.case.title, label.zh, label.en, view.kind].join('\n').toLowerCase(),
  };
}

export function bundleRowFromView(view: CaseView): BundleRow {
  const { findings, eligibility } = assessmentFindings(view.assessment);
  return {
    caseId: view.id,
    bundle: view.bundle,
    findings,
    eligibility,
    ...(typeof (view.assessment as { at?: unknown } | null)?.at === 'string' ? { assessedAt: (view.assessment as { at: string }).at } : {}),
    notes: view.notes,
    serverDecision: view.decision,
    evidenceRequest: view.evidenceRequest ?? null,
    mediaShas: [...new Set(view.bundle.media.map((m) => m.sha256))],
    partyTimes: partyTimesOf(view.bundle.orders),
  };
}
