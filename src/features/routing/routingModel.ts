/**
 * What the routing page says, computed from the wire data: a rule's condition and requirement in
 * words, a reason an arbitrator would not get a case, a profile's summary, and the editable drafts
 * of rules and profiles with the problems that keep them from being saved (the server checks the
 * same again, naming the field).
 */
import type { TFunction } from 'i18next';
import type { Queue, RoutingCandidates, RoutingRuleView, SkillProfileView } from '@common/api';
import { COMPLAINT_KINDS, KIND_LABELS, type ComplaintKind } from '@common/domain';

type Reason = RoutingCandidates['candidates'][number]['reasons'][number];
type Lang = 'zh' | 'en';

export const kindLabel = (k: ComplaintKind, lang: Lang) => KIND_LABELS[k][lang];

/** A reason in the UI language. */
export function reasonWords(r: Reason, t: TFunction): string {
  switch (r.code) {
    case 'seniority':
      return t('routing.reason.seniority', { rule: r.ruleName });
    case 'skill':
      return t('routing.reason.skill', { rule: r.ruleName, skill: r.skill });
    default:
      return t(`routing.reason.${r.code}`);
  }
}

/** The rule's condition as words ("any case" when it has none). */
export function conditionWords(r: RoutingRuleView, t: TFunction, lang: Lang, money: (fen: number) => string): string {
  const parts: string[] = [];
  if (r.kind) parts.push(t('routing.when.kind', { kind: kindLabel(r.kind, lang) }));
  if (r.queue) parts.push(t('routing.when.queue', { queue: t(`workforce.queues.${r.queue}`) }));
  if (r.minAmountFen !== null) parts.push(t('routing.when.amount', { amount: money(r.minAmountFen) }));
  if (r.language) parts.push(t('routing.when.language', { language: t(`routing.languages.${r.language}`) }));
  return parts.length === 0 ? t('routing.when.any') : parts.join(t('routing.and'));
}

export function requirementWords(r: RoutingRuleView, t: TFunction): string {
  const parts: string[] = [];
  if (r.minSeniority) parts.push(t('routing.needs.seniority', { seniority: t(`routing.seniorityWord.${r.minSeniority}`) }));
  if (r.requiredSkill) parts.push(t('routing.needs.skill', { skill: r.requiredSkill }));
  return parts.join(t('routing.and'));
}

/** A list of kinds: "all kinds" when it is every kind, else the labels. */
export function kindsWords(kinds: readonly ComplaintKind[], t: TFunction, lang: Lang): string {
  if (kinds.length === COMPLAINT_KINDS.length) return t('routing.allKinds');
  return kinds.map((k) => kindLabel(k, lang)).join(t('routing.listSeparator'));
}

export type ProfileDraft = { kinds: ComplaintKind[]; queues: Queue[]; languages: Array<'zh-CN' | 'en'>; seniority: 'junior' | 'senior'; tags: string };
export type RuleDraft = { id: string; name: string; priority: string; enabled: boolean; kind: ComplaintKind | ''; queue: Queue | ''; minAmountYuan: string; language: 'zh-CN' | 'en' | ''; minSeniority: 'junior' | 'senior' | ''; requiredSkill: string };

export const TAG = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function profileDraft(p: SkillProfileView | null): ProfileDraft {
  return p
    ? { kinds: [...p.kinds], queues: [...p.queues], languages: [...p.languages], seniority: p.seniority, tags: p.tags.join(' ') }
    : { kinds: [...COMPLAINT_KINDS], queues: ['merchant', 'consumer', 'appeals'], languages: ['zh-CN'], seniority: 'junior', tags: '' };
}

export const draftTags = (d: ProfileDraft): string[] => d.tags.split(/[\s,，]+/).filter(Boolean);

/** What keeps a profile draft from being saved, as locale keys under routing.problem. */
export function profileProblems(d: ProfileDraft): string[] {
  const out: string[] = [];
  if (d.kinds.length === 0) out.push('noKinds');
  if (d.queues.length === 0) out.push('noQueues');
  if (d.languages.length === 0) out.push('noLanguages');
  const tags = draftTags(d);
  if (tags.some((x) => !TAG.test(x))) out.push('badTag');
  if (new Set(tags).size !== tags.length) out.push('repeatedTag');
  return out;
}

export function ruleDraft(r: RoutingRuleView | null, taken: readonly string[]): RuleDraft {
  if (r)
    return {
      id: r.id,
      name: r.name,
      priority: String(r.priority),
      enabled: r.enabled,
      kind: r.kind ?? '',
      queue: r.queue ?? '',
      minAmountYuan: r.minAmountFen === null ? '' : String(r.minAmountFen / 100),
      language: r.language ?? '',
      minSeniority: r.minSeniority ?? '',
      requiredSkill: r.requiredSkill ?? '',
    };
  let n = taken.length + 1;
  while (taken.includes(`rule-${n}`)) n++;
  return { id: `rule-${n}`, name: '', priority: '50', enabled: true, kind: '', queue: '', minAmountYuan: '', language: '', minSeniority: 'senior', requiredSkill: '' };
}

export function ruleProblems(d: RuleDraft): string[] {
  const out: string[] = [];
  if (d.name.trim() === '') out.push('noName');
  if (!/^-?\d{1,4}$/.test(d.priority.trim()) || Math.abs(Number(d.priority)) > 1000) out.push('badPriority');
  if (d.minAmountYuan.trim() !== '' && !/^\d{1,11}(\.\d{1,2})?$/.test(d.minAmountYuan.trim())) out.push('badAmount');
  if (d.minSeniority === '' && d.requiredSkill.trim() === '') out.push('noRequirement');
  if (d.requiredSkill.trim() !== '' && !TAG.test(d.requiredSkill.trim())) out.push('badTag');
  return out;
}

/** The draft as the server takes it (call only when ruleProblems is empty). */
export function ruleFromDraft(d: RuleDraft): RoutingRuleView {
  const amount = d.minAmountYuan.trim();
  return {
    id: d.id,
    name: d.name.trim(),
    priority: Number(d.priority.trim()),
    enabled: d.enabled,
    kind: d.kind || null,
    queue: d.queue || null,
    minAmountFen: amount === '' ? null : Math.round(Number(amount) * 100),
    language: d.language || null,
    minSeniority: d.minSeniority || null,
    requiredSkill: d.requiredSkill.trim() || null,
  };
}
