import { describe, expect, it } from 'vitest';
import { CaseTimelineSchema, TIMELINE_KINDS } from '@common/api';
import { buildTimeline, namedIds, type ChangeRecord, type OverrideRecord, type Person } from './timeline';

const t = (min: number) => new Date(Date.UTC(2026, 2, 1, 9, min));
const people = new Map<string, Person>([
  ['u-arb1', { name: '张伟', role: 'arbitrator' }],
  ['u-arb2', { name: '李娜', role: 'arbitrator' }],
  ['u-sup', { name: '陈静', role: 'supervisor' }],
]);
const facts = (verdict: 'upheld' | 'rejected', by?: string) => ({ verdict, reasonCodes: ['no_evidence'], remedies: [], ...(by ? { decidedBy: by, policyVersion: '2026.2' } : {}) });

/** A case's whole life as the change log records it: every kind the timeline shows, once at least. */
const life: ChangeRecord[] = [
  { seq: 10, type: 'imported', at: t(0), holderId: null, formerId: null, payload: { policyVersion: '2026.1', codes: ['ship_timeout'] } },
  { seq: 20, type: 'claimed', at: t(1), holderId: 'u-arb1', formerId: null, payload: null },
  { seq: 30, type: 'lease_renewed', at: t(2), holderId: 'u-arb1', formerId: null, payload: null },
  { seq: 40, type: 'lease_expired', at: t(3), holderId: 'u-arb1', formerId: null, payload: null },
  { seq: 50, type: 'claimed', at: t(4), holderId: 'u-arb1', formerId: null, payload: null },
  { seq: 55, type: 'withdrawn', at: t(4), holderId: 'u-arb1', formerId: null, payload: { status: 'withdrawn_penalty_retained', reason: '买家撤诉' } },
  { seq: 60, type: 'evidence_requested', at: t(5), holderId: 'u-arb1', formerId: null, payload: { from: 'respondent', categories: ['outbound_waybill'], request: '请提供', dueAt: '2026-03-04T09:00:00.000Z' } },
  { seq: 70, type: 'evidence_added', at: t(6), holderId: 'u-arb1', formerId: null, payload: JSON.stringify({ added: { traces: 2, chats: 1 }, policyVersion: '2026.2', codes: [] }) },
  { seq: 80, type: 'note_added', at: t(7), holderId: 'u-arb1', formerId: null, payload: null },
  { seq: 90, type: 'escalated', at: t(8), holderId: null, formerId: 'u-arb1', payload: { category: 'policy_unclear', reason: '规则不清' } },
  { seq: 100, type: 'claimed', at: t(9), holderId: 'u-arb1', formerId: null, payload: null },
  { seq: 110, type: 'released', at: t(10), holderId: null, formerId: 'u-arb1', payload: null },
  { seq: 120, type: 'claimed', at: t(11), holderId: 'u-arb1', formerId: null, payload: null },
  { seq: 130, type: 'decided', at: t(12), holderId: 'u-arb1', formerId: null, payload: { decision: facts('rejected', 'u-arb1'), status: 'decided' } },
  { seq: 140, type: 'qa_assigned', at: t(13), holderId: 'u-sup', formerId: null, payload: null },
  { seq: 150, type: 'overridden', at: t(14), holderId: 'u-arb1', formerId: null, payload: { decision: facts('upheld'), previous: facts('rejected'), reason: '应支持买家', status: 'decided' } },
  { seq: 160, type: 'appealed', at: t(15), holderId: null, formerId: 'u-arb1', payload: { status: 'appealed', byId: 'm1', reason: '不服', previousArbitratorId: 'u-arb1' } },
  { seq: 170, type: 'claimed', at: t(16), holderId: 'u-arb2', formerId: null, payload: null },
  { seq: 180, type: 'evidence_added', at: t(17), holderId: 'u-arb2', formerId: null, payload: { reimport: true, policyVersion: '2026.2', codes: ['ship_timeout'] } },
  { seq: 190, type: 'evidence_requested', at: t(18), holderId: 'u-arb2', formerId: null, payload: { from: 'complainant', categories: [], request: 'x', dueAt: '2026-03-05T09:00:00.000Z' } },
  { seq: 200, type: 'evidence_added', at: t(19), holderId: 'u-arb2', formerId: null, payload: { overdue: true } },
  { seq: 210, type: 'decided', at: t(20), holderId: 'u-arb2', formerId: null, payload: { decision: facts('upheld', 'u-arb2') } },
  { seq: 220, type: 'closed', at: t(21), holderId: 'u-arb2', formerId: null, payload: null },
];
const overrides: OverrideRecord[] = [{ at: t(14), supervisorId: 'u-sup' }];

describe('buildTimeline', () => {
  const events = buildTimeline(life, overrides, people);

  it('lists every event of the case in log order, with who, and leaves renewals, notes and QA sampling out', () => {
    expect(events.map((e) => [e.kind, e.actor.type === 'user' ? e.actor.name : e.actor.type])).toEqual([
      ['imported', 'platform'],
      ['assessed', 'system'],
      ['claimed', '张伟'],
      ['lease_expired', '张伟'],
      ['claimed', '张伟'],
      ['withdrawn', 'platform'],
      ['evidence_requested', '张伟'],
      ['evidence_added', 'platform'],
      ['assessed', 'system'],
      ['escalated', '张伟'],
      ['claimed', '张伟'],
      ['released', '张伟'],
      ['claimed', '张伟'],
      ['decided', '张伟'],
      ['overridden', '陈静'],
      ['appealed', 'platform'],
      ['claimed', '李娜'],
      ['evidence_added', 'platform'],
      ['assessed', 'system'],
      ['evidence_requested', '李娜'],
      ['evidence_overdue', 'system'],
      ['decided', '李娜'],
      ['closed', 'system'],
    ]);
    // Every kind the wire knows appears in a full life: a kind the builder drops fails here.
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(TIMELINE_KINDS));
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
    // What the server sends is what the wire schema accepts.
    expect(CaseTimelineSchema.parse({ caseId: 'c', externalId: 'E', events })).toBeTruthy();
  });

  it('orders by log position whatever order the rows come in', () => {
    const shuffled = [...life].reverse();
    shuffled.splice(3, 0, ...shuffled.splice(10, 4));
    expect(buildTimeline(shuffled, overrides, people)).toEqual(events);
  });

  it('says what each event was: findings, the request, the escalation, the decisions, the appeal', () => {
    const of = <K extends (typeof events)[number]['kind']>(kind: K, n = 0) => events.filter((e) => e.kind === kind)[n] as Extract<(typeof events)[number], { kind: K }>;
    expect(of('assessed')).toMatchObject({ cause: 'import', policyVersion: '2026.1', previousPolicyVersion: null, codes: ['ship_timeout'] });
    // Re-assessed under a newer policy than the one before.
    expect(of('assessed', 1)).toMatchObject({ cause: 'evidence', policyVersion: '2026.2', previousPolicyVersion: '2026.1', codes: [] });
    expect(of('assessed', 2)).toMatchObject({ cause: 'reimport', policyVersion: '2026.2', previousPolicyVersion: null });
    expect(of('evidence_requested')).toMatchObject({ from: 'respondent', categories: ['outbound_waybill'], dueAt: '2026-03-04T09:00:00.000Z' });
    expect(of('evidence_added')).toMatchObject({ source: 'platform', items: 3 });
    expect(of('evidence_added', 1)).toMatchObject({ source: 'reimport', items: null });
    expect(of('escalated')).toMatchObject({ category: 'policy_unclear', reason: '规则不清' });
    expect(of('decided')).toMatchObject({ decision: { verdict: 'rejected', reasonCodes: ['no_evidence'], remedies: [] }, policyVersion: '2026.2' });
    expect(of('overridden')).toMatchObject({ decision: { verdict: 'upheld' }, previous: { verdict: 'rejected' }, reason: '应支持买家' });
    expect(of('appealed')).toMatchObject({ reason: '不服' });
    expect(of('withdrawn')).toMatchObject({ reason: '买家撤诉', penaltyRetained: true });
    expect(of('decided', 1).actor).toEqual({ type: 'user', name: '李娜', role: 'arbitrator' });
  });

  it('keeps rows from before their payloads were recorded, saying less rather than guessing', () => {
    const old = buildTimeline(
      [
        { seq: 1, type: 'imported', at: t(0), holderId: null, formerId: null, payload: null },
        { seq: 2, type: 'evidence_added', at: t(1), holderId: null, formerId: null, payload: null },
        { seq: 3, type: 'escalated', at: t(2), holderId: null, formerId: 'gone-user', payload: null },
        { seq: 4, type: 'withdrawn', at: t(3), holderId: null, formerId: null, payload: { status: 'withdrawn_penalty_retained', reason: '' } },
      ],
      [],
      people,
    );
    expect(old).toEqual([
      { seq: 1, at: t(0).toISOString(), actor: { type: 'platform' }, kind: 'imported' },
      { seq: 2, at: t(1).toISOString(), actor: { type: 'platform' }, kind: 'evidence_added', source: 'unknown', items: null },
      // A user the server no longer knows is never shown by id.
      { seq: 3, at: t(2).toISOString(), actor: { type: 'system' }, kind: 'escalated', category: null, reason: '' },
      { seq: 4, at: t(3).toISOString(), actor: { type: 'platform' }, kind: 'withdrawn', reason: '', penaltyRetained: true },
    ]);
  });

  it('names every person the records mention, for one lookup', () => {
    expect(namedIds(life, overrides).sort()).toEqual(['u-arb1', 'u-arb2', 'u-sup']);
  });
});
