import { describe, expect, it } from 'vitest';
import { MutationSchema } from '@common/api';
import { chinaDeadline, evidenceRequestText, EVIDENCE_CATEGORIES_BY_KIND, COMPLAINT_KINDS, EVIDENCE_CATEGORY_LABELS } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import { EMPTY_ESCALATION, EMPTY_REQUEST, escalationMutation, escalationProblems, requestDeadline, requestMutation, requestProblems, timeLeft, toggleCategory, withChoice } from './actionModel';

const roles = { complainant: 'user', respondent: 'merchant' } as const;
const friday = new Date('2026-12-04T02:00:00Z'); // Friday 10:00 China time

describe('the deadline of an evidence request', () => {
  it('counts business days of the governing policy, not calendar days', () => {
    // Friday + 3 business days = Wednesday, end of day China time (weekend skipped).
    const due = requestDeadline(friday, DEFAULT_POLICY);
    expect(due.toISOString()).toBe('2026-12-09T16:00:00.000Z');
    expect(chinaDeadline(due)).toBe('12月9日（周三）24:00');
  });
  it('follows the number of days the policy version says', () => {
    const five = { ...DEFAULT_POLICY, sla: { ...DEFAULT_POLICY.sla, merchantAnswerBusinessDays: 5 } };
    expect(requestDeadline(friday, five).toISOString()).toBe('2026-12-11T16:00:00.000Z');
  });
  it('skips public holidays', () => {
    // Wednesday 30 September 2026 + 3 business days runs past the National Day week.
    const due = requestDeadline(new Date('2026-09-30T02:00:00Z'), DEFAULT_POLICY);
    expect(due.getTime()).toBeGreaterThan(Date.parse('2026-10-08T16:00:00Z'));
  });
});

describe('the request form', () => {
  const due = requestDeadline(friday, DEFAULT_POLICY);
  it('names what is missing, field by field', () => {
    expect(requestProblems(EMPTY_REQUEST).map((p) => p.code)).toEqual(['party_required', 'category_required', 'request_text_required']);
    const filled = withChoice(withChoice(EMPTY_REQUEST, { from: 'respondent' }, due, roles), { categories: ['outbound_waybill'] }, due, roles);
    expect(requestProblems(filled)).toEqual([]);
  });
  it('writes the text in Chinese from party, categories and deadline, and keeps the arbitrator’s edits', () => {
    const a = withChoice(EMPTY_REQUEST, { from: 'respondent', categories: ['outbound_waybill', 'chat_record'] }, due, roles);
    expect(a.text).toBe('请商家于12月9日（周三）24:00前补充以下材料：发货物流底单、完整聊天记录。逾期未提交的，将依据现有证据作出裁决。');
    const both = withChoice(a, { from: 'both' }, due, roles);
    expect(both.text).toMatch(/^请买家和商家于/);
    const edited = { ...both, text: `${both.text}请注意单号。`, edited: true };
    expect(withChoice(edited, { categories: ['chat_record'] }, due, roles).text).toBe(edited.text);
  });
  it('lists categories in the kind’s order whatever order they were ticked', () => {
    const kind = 'abnormal_after_sales';
    const picked = toggleCategory(toggleCategory([], 'weighing_record', true, kind), 'unboxing_video', true, kind);
    expect(picked).toEqual(['unboxing_video', 'weighing_record']);
    expect(toggleCategory(picked, 'unboxing_video', false, kind)).toEqual(['weighing_record']);
  });
  it('offers categories for every kind, each labelled in both languages', () => {
    for (const k of COMPLAINT_KINDS) {
      expect(EVIDENCE_CATEGORIES_BY_KIND[k].length).toBeGreaterThan(0);
      for (const c of EVIDENCE_CATEGORIES_BY_KIND[k]) expect(EVIDENCE_CATEGORY_LABELS[c].zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it('queues a mutation the wire schema accepts, with party and categories', () => {
    const r = withChoice(EMPTY_REQUEST, { from: 'complainant', categories: ['unboxing_video'] }, due, roles);
    const m = MutationSchema.parse(requestMutation(r, 'case-1', 'c-1', new Date('2026-12-09T16:00:00.000Z')));
    expect(m).toMatchObject({ type: 'request_evidence', from: 'complainant', categories: ['unboxing_video'], dueAt: '2026-12-09T16:00:00.000Z' });
    expect(requestMutation(r, 'case-1', 'c-2', null)).not.toHaveProperty('dueAt');
    expect(evidenceRequestText({ from: 'complainant', categories: [], dueAt: due, roles })).toContain('与本次投诉相关的证据');
  });
});

describe('the escalation form', () => {
  it('requires a category, and words for "other"', () => {
    expect(escalationProblems(EMPTY_ESCALATION)).toEqual([{ field: 'category', code: 'escalation_reason_required' }]);
    expect(escalationProblems({ category: 'other', reason: '  ' })).toEqual([{ field: 'reason', code: 'escalation_text_required' }]);
    expect(escalationProblems({ category: 'policy_unclear', reason: '' })).toEqual([]);
    expect(MutationSchema.parse(escalationMutation({ category: 'policy_unclear', reason: '' }, 'case-1', 'c-2'))).toMatchObject({ category: 'policy_unclear', reason: '' });
  });
});

describe('old clients’ mutations', () => {
  it('still validate: a request without categories, an escalation with only words (as "other")', () => {
    expect(MutationSchema.parse({ clientId: 'o1', type: 'request_evidence', caseId: 'c', from: 'both', request: '请补充开箱视频' })).toMatchObject({ categories: [] });
    expect(MutationSchema.parse({ clientId: 'o2', type: 'escalate', caseId: 'c', reason: '说不清' })).toMatchObject({ category: 'other', reason: '说不清' });
  });
  it('an unknown category is refused, naming the field', () => {
    const r = MutationSchema.safeParse({ clientId: 'o3', type: 'request_evidence', caseId: 'c', from: 'both', categories: ['selfie'], request: 'x' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['categories', 0]);
  });
});

describe('the countdown', () => {
  it('splits the time left, and says when it is overdue', () => {
    expect(timeLeft(Date.parse('2026-12-09T16:00:00Z'), Date.parse('2026-12-07T13:30:00Z'))).toEqual({ overdue: false, days: 2, hours: 2, minutes: 30 });
    expect(timeLeft(0, 90 * 60_000)).toEqual({ overdue: true, days: 0, hours: 1, minutes: 30 });
  });
});
