/**
 * The side actions as forms, pure: an evidence request names the party, what is asked for and by
 * when, and carries the Chinese text the parties read; an escalation names why. What is missing,
 * the deadline the form shows, and the mutation the outbox queues.
 */
import type { Mutation } from '@common/api';
import {
  EVIDENCE_CATEGORIES_BY_KIND,
  escalationProblem,
  evidenceRequestText,
  type CaseRoles,
  type ComplaintKind,
  type EscalationReason,
  type EvidenceCategory,
  type EvidenceParty,
} from '@common/domain';
import { businessDeadline, type Policy } from '@common/policy';

export type RequestDraft = {
  from: EvidenceParty | null;
  categories: EvidenceCategory[];
  /** The text for the parties; follows party, categories and deadline until the arbitrator edits it. */
  text: string;
  edited: boolean;
};
export type EscalationDraft = { category: EscalationReason | null; reason: string };

export const EMPTY_REQUEST: RequestDraft = { from: null, categories: [], text: '', edited: false };
export const EMPTY_ESCALATION: EscalationDraft = { category: null, reason: '' };

export type ActionProblemCode = 'party_required' | 'category_required' | 'request_text_required' | 'escalation_reason_required' | 'escalation_text_required';
export type ActionProblem = { field: 'from' | 'categories' | 'text' | 'category' | 'reason'; code: ActionProblemCode };

export function requestProblems(r: RequestDraft): ActionProblem[] {
  const out: ActionProblem[] = [];
  if (r.from === null) out.push({ field: 'from', code: 'party_required' });
  if (r.categories.length === 0) out.push({ field: 'categories', code: 'category_required' });
  if (r.text.trim() === '') out.push({ field: 'text', code: 'request_text_required' });
  return out;
}

export function escalationProblems(e: EscalationDraft): ActionProblem[] {
  const code = escalationProblem(e);
  if (code === 'escalation_reason_required') return [{ field: 'category', code }];
  if (code === 'escalation_text_required') return [{ field: 'reason', code }];
  return [];
}

/** What a kind's request offers to ask for, most useful first. */
export const categoriesFor = (kind: ComplaintKind): readonly EvidenceCategory[] => EVIDENCE_CATEGORIES_BY_KIND[kind];

/**
 * The deadline the parties get, as the form shows it before sending: the same business-day count
 * of the case's governing policy the server applies (the server's own clock sets the binding one).
 */
export function requestDeadline(now: Date, policy: Policy): Date {
  return businessDeadline(now, policy.sla.merchantAnswerBusinessDays);
}

/**
 * The draft after a change of party or categories: the text is generated again, unless the
 * arbitrator has written in it (their words are never overwritten).
 */
export function withChoice(r: RequestDraft, patch: Partial<Pick<RequestDraft, 'from' | 'categories'>>, dueAt: Date, roles: CaseRoles): RequestDraft {
  const next = { ...r, ...patch };
  if (next.edited) return next;
  return { ...next, text: next.from === null && next.categories.length === 0 ? '' : evidenceRequestText({ from: next.from ?? 'both', categories: next.categories, dueAt, roles }) };
}

/** Toggles one category, keeping the kind's order (the text lists them as the form does). */
export function toggleCategory(chosen: readonly EvidenceCategory[], c: EvidenceCategory, on: boolean, kind: ComplaintKind): EvidenceCategory[] {
  const set = new Set(chosen);
  if (on) set.add(c);
  else set.delete(c);
  return categoriesFor(kind).filter((x) => set.has(x));
}

/**
 * The mutation for a complete request (check requestProblems first). `dueAt` is the deadline the
 * form showed: the case shows it until the server's binding one arrives (the server ignores it).
 */
export function requestMutation(r: RequestDraft, caseId: string, clientId: string, dueAt: Date | null): Mutation {
  const m: Mutation = { clientId, type: 'request_evidence', caseId, from: r.from ?? 'both', categories: r.categories, request: r.text.trim() };
  return dueAt ? { ...m, dueAt: dueAt.toISOString() } : m;
}

/** The mutation for a complete escalation (check escalationProblems first). */
export function escalationMutation(e: EscalationDraft, caseId: string, clientId: string): Mutation {
  return { clientId, type: 'escalate', caseId, category: e.category ?? 'other', reason: e.reason.trim() };
}

/** Time left to a deadline, split for the countdown ("2 天 5 小时"); negative once it has passed. */
export function timeLeft(dueAtMs: number, nowMs: number): { overdue: boolean; days: number; hours: number; minutes: number } {
  const ms = dueAtMs - nowMs;
  const abs = Math.abs(ms);
  return { overdue: ms < 0, days: Math.floor(abs / 86_400_000), hours: Math.floor((abs % 86_400_000) / 3_600_000), minutes: Math.floor((abs % 3_600_000) / 60_000) };
}
