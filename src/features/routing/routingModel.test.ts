import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { COMPLAINT_KINDS } from '@common/domain';
import { conditionWords, kindsWords, profileDraft, profileProblems, reasonWords, requirementWords, ruleDraft, ruleFromDraft, ruleProblems } from './routingModel';

/** Keys with their values, so the assertions read what the screen is told to say. */
const t = ((key: string, vars?: Record<string, unknown>) => (vars ? `${key}${JSON.stringify(vars)}` : key)) as unknown as TFunction;

describe('routing page model', () => {
  it('a rule reads as its condition and requirement', () => {
    const rule = ruleFromDraft({ ...ruleDraft(null, []), name: '大额', minAmountYuan: '5000.5', kind: 'counterfeit', minSeniority: 'senior', requiredSkill: 'luxury' });
    expect(rule).toMatchObject({ minAmountFen: 500050, kind: 'counterfeit', queue: null, minSeniority: 'senior', requiredSkill: 'luxury' });
    expect(conditionWords(rule, t, 'zh', (f) => `¥${f / 100}`)).toBe('routing.when.kind{"kind":"假冒商品"}routing.androuting.when.amount{"amount":"¥5000.5"}');
    expect(requirementWords(rule, t)).toBe('routing.needs.seniority{"seniority":"routing.seniorityWord.senior"}routing.androuting.needs.skill{"skill":"luxury"}');
    expect(conditionWords({ ...rule, kind: null, minAmountFen: null }, t, 'en', String)).toBe('routing.when.any');
  });

  it('a rule draft that cannot be saved says why; a new draft takes a free id', () => {
    expect(ruleProblems({ ...ruleDraft(null, []), name: ' ', priority: 'x', minAmountYuan: '1.234', minSeniority: '', requiredSkill: 'Bad Tag' })).toEqual(['noName', 'badPriority', 'badAmount', 'badTag']);
    expect(ruleProblems({ ...ruleDraft(null, []), name: 'n', minSeniority: '' })).toEqual(['noRequirement']);
    expect(ruleDraft(null, ['rule-1', 'rule-2', 'rule-3']).id).toBe('rule-4');
  });

  it('a profile draft: every kind by default for someone new, junior; problems for empty lists and bad tags', () => {
    const d = profileDraft(null);
    expect(d).toMatchObject({ seniority: 'junior', kinds: [...COMPLAINT_KINDS] });
    expect(profileProblems({ ...d, kinds: [], queues: [], languages: [], tags: 'ok Bad ok' })).toEqual(['noKinds', 'noQueues', 'noLanguages', 'badTag', 'repeatedTag']);
    expect(kindsWords(COMPLAINT_KINDS, t, 'zh')).toBe('routing.allKinds');
    expect(kindsWords(['counterfeit', 'quality'], t, 'en')).toBe('Counterfeitrouting.listSeparatorQuality problem');
  });

  it('reasons are worded, naming the rule and the skill', () => {
    expect(reasonWords({ code: 'seniority', ruleId: 'r', ruleName: '假冒' }, t)).toBe('routing.reason.seniority{"rule":"假冒"}');
    expect(reasonWords({ code: 'kind' }, t)).toBe('routing.reason.kind');
  });
});
