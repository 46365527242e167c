import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_RULES, orderedRules, routingReasons, routingReasonText, ruleMatches, type RoutingRule, type SkillProfile } from './routing';

const senior: SkillProfile = { kinds: ['counterfeit', 'quality', 'abnormal_order'], queues: ['consumer', 'merchant', 'appeals'], languages: ['zh-CN'], seniority: 'senior', tags: ['luxury'] };
const junior: SkillProfile = { ...senior, seniority: 'junior', tags: [] };
const rule = (over: Partial<RoutingRule>): RoutingRule => ({ id: 'r', name: 'r', priority: 0, enabled: true, kind: null, queue: null, minAmountFen: null, language: null, minSeniority: null, requiredSkill: null, ...over });
const counterfeit = { kind: 'counterfeit' as const, queue: 'consumer', amountFen: 10_000, language: 'zh-CN' };

describe('routing rules', () => {
  it('the defaults send serious kinds to seniors only', () => {
    expect(routingReasons(counterfeit, senior, DEFAULT_ROUTING_RULES)).toEqual([]);
    expect(routingReasons(counterfeit, junior, DEFAULT_ROUTING_RULES)).toEqual([{ code: 'seniority', ruleId: 'serious-counterfeit', ruleName: DEFAULT_ROUTING_RULES[0]!.name }]);
    expect(routingReasons({ ...counterfeit, kind: 'quality' }, junior, DEFAULT_ROUTING_RULES)).toEqual([]);
  });

  it('the profile bounds kinds, queues and languages, each reported', () => {
    expect(routingReasons({ kind: 'late_shipment', queue: 'escalations', amountFen: 0, language: 'en' }, senior, [])).toEqual([{ code: 'kind' }, { code: 'queue' }, { code: 'language' }]);
  });

  it('conditions: kind, queue, amount at least (inclusive), language; null matches anything', () => {
    expect(ruleMatches(rule({}), counterfeit)).toBe(true);
    expect(ruleMatches(rule({ minAmountFen: 10_000 }), counterfeit)).toBe(true);
    expect(ruleMatches(rule({ minAmountFen: 10_001 }), counterfeit)).toBe(false);
    expect(ruleMatches(rule({ queue: 'merchant' }), counterfeit)).toBe(false);
    expect(ruleMatches(rule({ language: 'en' }), counterfeit)).toBe(false);
    expect(ruleMatches(rule({ kind: 'counterfeit', language: 'zh-CN', queue: 'consumer' }), counterfeit)).toBe(true);
  });

  it('requirements: a skill tag, seniority; every matching enabled rule applies, highest priority reported first', () => {
    const rules = [rule({ id: 'a', priority: 1, minSeniority: 'senior' }), rule({ id: 'b', priority: 5, requiredSkill: 'luxury' }), rule({ id: 'c', priority: 9, enabled: false, requiredSkill: 'nope' })];
    expect(routingReasons(counterfeit, senior, rules)).toEqual([]);
    expect(routingReasons(counterfeit, junior, rules).map((r) => ('ruleId' in r ? r.ruleId : r.code))).toEqual(['b', 'a']);
    expect(orderedRules(rules).map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('an unprofiled account is not routed; an appeal never goes back to its arbitrator, profile or not', () => {
    expect(routingReasons(counterfeit, null, DEFAULT_ROUTING_RULES)).toEqual([]);
    expect(routingReasons(counterfeit, null, DEFAULT_ROUTING_RULES, true)).toEqual([{ code: 'excluded' }]);
    expect(routingReasons(counterfeit, senior, DEFAULT_ROUTING_RULES, true)).toEqual([{ code: 'excluded' }]);
  });

  it('every reason reads as words', () => {
    expect(routingReasonText({ code: 'skill', ruleId: 'x', ruleName: 'Luxury', skill: 'luxury' })).toBe('rule "Luxury" needs the skill "luxury"');
    expect(routingReasonText({ code: 'excluded' })).toContain('appeal');
  });
});
