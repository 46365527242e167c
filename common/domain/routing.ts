/**
 * Skills-based routing, as pure data and one pure function: who may be handed a case. The claim
 * statement (server/services/routing.ts `routedSql`) says the same thing in SQL, inside the one claim
 * statement; the "who would get this case?" tester calls `routingVerdict` on the same rows, and
 * server/test/routing.test.ts checks that the two agree case by case.
 *
 * Semantics (docs/routing.md):
 * - An arbitrator with a skill profile is handed only cases whose kind, queue and language are in
 *   the profile, and only when every enabled routing rule whose condition matches the case is met by
 *   the profile (minimum seniority, and/or a named skill tag). Rules are conjunctive; priority orders
 *   them (highest first) for the reasons the tester lists.
 * - An account without a profile is not routed (it takes what its role's queues give, as before
 *   routing existed); supervisors are not profiled.
 * - Independently of routing, an appeal never goes back to the arbitrator who decided it.
 */
import type { ComplaintKind } from './case';

export const SENIORITIES = ['junior', 'senior'] as const;
export type Seniority = (typeof SENIORITIES)[number];

/** Case languages routing knows; cases carry zh-CN unless the platform says otherwise. */
export const CASE_LANGUAGES = ['zh-CN', 'en'] as const;
export type CaseLanguage = (typeof CASE_LANGUAGES)[number];

export type SkillProfile = {
  kinds: readonly ComplaintKind[];
  queues: readonly string[];
  languages: readonly string[];
  seniority: Seniority;
  /** Named skills a rule may require (e.g. `luxury`, `livestream`). */
  tags: readonly string[];
};

export type RoutingRule = {
  id: string;
  name: string;
  /** Higher first. */
  priority: number;
  enabled: boolean;
  /** Null: any. A rule with every condition null matches every case. */
  kind: ComplaintKind | null;
  queue: string | null;
  /** The case's subject amount, in fen, at least this. */
  minAmountFen: number | null;
  language: string | null;
  /** Requirement: at least this seniority (null: any), and/or this skill tag (null: none). */
  minSeniority: Seniority | null;
  requiredSkill: string | null;
};

/** What routing looks at in a case (kept as columns of `cases`, see migration 14). */
export type RoutedCase = { kind: ComplaintKind; queue: string; amountFen: number; language: string };

/** Why a case would not go to someone: codes the screen turns into words. */
export type RoutingReason =
  | { code: 'excluded' }
  | { code: 'kind' }
  | { code: 'queue' }
  | { code: 'language' }
  | { code: 'seniority'; ruleId: string; ruleName: string }
  | { code: 'skill'; ruleId: string; ruleName: string; skill: string };

const RANK: Record<Seniority, number> = { junior: 0, senior: 1 };

/** Whether the rule's condition matches the case. */
export function ruleMatches(rule: RoutingRule, c: RoutedCase): boolean {
  return (
    (rule.kind === null || rule.kind === c.kind) &&
    (rule.queue === null || rule.queue === c.queue) &&
    (rule.minAmountFen === null || c.amountFen >= rule.minAmountFen) &&
    (rule.language === null || rule.language === c.language)
  );
}

/** Enabled rules in evaluation order: priority, highest first, then id. */
export function orderedRules(rules: readonly RoutingRule[]): RoutingRule[] {
  return rules.filter((r) => r.enabled).sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Every reason the case would not be handed to this profile (empty: it may be). `profile` null: the
 * account is not routed. `excluded`: the person decided the case before and it is an appeal.
 */
export function routingReasons(c: RoutedCase, profile: SkillProfile | null, rules: readonly RoutingRule[], excluded = false): RoutingReason[] {
  const out: RoutingReason[] = [];
  if (excluded) out.push({ code: 'excluded' });
  if (profile === null) return out;
  if (!profile.kinds.includes(c.kind)) out.push({ code: 'kind' });
  if (!profile.queues.includes(c.queue)) out.push({ code: 'queue' });
  if (!profile.languages.includes(c.language)) out.push({ code: 'language' });
  for (const r of orderedRules(rules)) {
    if (!ruleMatches(r, c)) continue;
    if (r.minSeniority !== null && RANK[profile.seniority] < RANK[r.minSeniority]) out.push({ code: 'seniority', ruleId: r.id, ruleName: r.name });
    if (r.requiredSkill !== null && !profile.tags.includes(r.requiredSkill)) out.push({ code: 'skill', ruleId: r.id, ruleName: r.name, skill: r.requiredSkill });
  }
  return out;
}

/** A reason in plain English, for API error messages (the screen words them per locale). */
export function routingReasonText(r: RoutingReason): string {
  switch (r.code) {
    case 'excluded':
      return 'decided it before, and an appeal never goes back to the same arbitrator';
    case 'kind':
      return 'the complaint kind is not among their skills';
    case 'queue':
      return 'the queue is not among their skills';
    case 'language':
      return 'the case language is not among their skills';
    case 'seniority':
      return `rule "${r.ruleName}" needs a senior arbitrator`;
    case 'skill':
      return `rule "${r.ruleName}" needs the skill "${r.skill}"`;
  }
}

/** The seeded defaults (migration 14): serious kinds need a senior arbitrator. */
export const DEFAULT_ROUTING_RULES: readonly RoutingRule[] = [
  { id: 'serious-counterfeit', name: '假冒商品须资深仲裁员', priority: 100, enabled: true, kind: 'counterfeit', queue: null, minAmountFen: null, language: null, minSeniority: 'senior', requiredSkill: null },
  { id: 'serious-false-advertising', name: '虚假宣传须资深仲裁员', priority: 100, enabled: true, kind: 'false_advertising', queue: null, minAmountFen: null, language: null, minSeniority: 'senior', requiredSkill: null },
];
