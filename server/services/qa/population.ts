/** QA population: every arbitrator decision, as the decided changes recorded it. */
import { sql, type Kysely } from 'kysely';
import type { QaPlanMethod, QaPopulation, Role } from '@common/api';
import type { ComplaintKind, Decision, Verdict } from '@common/domain';
import { criticalFindingsAgainst } from '@common/rules';
import type { DB } from '../../db/schema';
import type { StoredAssessment } from '../engine';
import type { Candidate } from './draw';
import { iso } from './facts';

/**
 * One decision as recorded by its `decided` change (the case row only keeps the latest, so an
 * appealed case's first decision lives only there). Golden-case decisions are not part of it.
 */
export type DecisionRecord = Candidate & {
  seq: number;
  decision: Decision;
  dueAt: string;
  handlingSeconds: number;
  againstCritical: boolean;
  overturnedOnAppeal: boolean;
  overridden: boolean;
  /** Whether the precedent hint was shown before commit (the decided change's payload); null when the client did not say. */
  precedentHint: boolean | null;
};

export async function loadDecisions(db: Kysely<DB>, filter: { from?: string; to?: string } = {}): Promise<DecisionRecord[]> {
  const rows = (
    await sql<{ seq: number; case_id: string; decision: Decision; at: Date; external_id: string; kind: ComplaintKind; due_at: Date; findings: StoredAssessment; claimed_at: Date | null; role: Role | null; precedent_hint: boolean | null }>`
      select ch.seq, ch.case_id, ch.payload -> 'decision' as decision, (ch.payload -> 'precedentHint')::boolean as precedent_hint, ch.at, c.external_id, c.kind, c.due_at, c.findings,
        (select max(cl.at) from changes cl where cl.case_id = ch.case_id and cl.type = 'claimed' and cl.seq < ch.seq) as claimed_at,
        u.role
      from changes ch
      join cases c on c.id = ch.case_id
      left join users u on u.id = ch.payload -> 'decision' ->> 'decidedBy'
      where ch.type = 'decided' and ch.payload is not null
        and not exists (select 1 from qa_golden_cases g where g.case_id = ch.case_id)
        ${filter.from ? sql`and ch.at >= ${filter.from}::timestamptz` : sql``}
        ${filter.to ? sql`and ch.at < ${filter.to}::timestamptz` : sql``}
      order by ch.seq`.execute(db)
  ).rows;
  // Later decisions on the same case (an appeal re-decided) and supervisor overrides.
  const laterVerdicts = new Map<string, Array<{ seq: number; verdict: Verdict }>>();
  const all = (await sql<{ seq: number; case_id: string; verdict: Verdict }>`
      select ch.seq, ch.case_id, ch.payload -> 'decision' ->> 'verdict' as verdict from changes ch
      where ch.type = 'decided' and ch.payload is not null and ch.case_id in (select case_id from changes where type = 'appealed')`.execute(db)).rows;
  for (const r of all) (laterVerdicts.get(r.case_id) ?? laterVerdicts.set(r.case_id, []).get(r.case_id)!).push(r);
  const overridden = new Map(
    (await sql<{ case_id: string; at: Date }>`select case_id, max(at) as at from qa_overrides group by case_id`.execute(db)).rows.map((r) => [r.case_id, new Date(r.at).getTime()]),
  );
  const out: DecisionRecord[] = [];
  for (const r of rows) {
    // QA samples arbitrators' work; supervisors deciding escalations are not in the population.
    if (r.role !== 'arbitrator' || !r.decision) continue;
    const at = new Date(r.at);
    const later = laterVerdicts.get(r.case_id)?.filter((x) => x.seq > r.seq) ?? [];
    const ov = overridden.get(r.case_id);
    out.push({
      key: `${r.case_id}:${r.decision.mutationId}`,
      seq: Number(r.seq),
      caseId: r.case_id,
      externalId: r.external_id,
      kind: r.kind,
      arbitratorId: r.decision.decidedBy,
      verdict: r.decision.verdict,
      decidedAt: at.toISOString(),
      decision: r.decision,
      dueAt: iso(r.due_at),
      handlingSeconds: r.claimed_at ? Math.max(0, (at.getTime() - new Date(r.claimed_at).getTime()) / 1000) : 0,
      againstCritical: criticalFindingsAgainst(r.decision.verdict, r.findings).length > 0,
      overturnedOnAppeal: later.length > 0 && later[later.length - 1]!.verdict !== r.decision.verdict,
      // An override after this decision and before any later decision overturns this one.
      overridden: ov !== undefined && ov >= at.getTime() && later.length === 0,
      precedentHint: r.precedent_hint,
    });
  }
  return out;
}

/** The decisions a plan may draw from: its population filter, minus the supervisor's own, and a targeted method's target. */
export function eligible(all: DecisionRecord[], population: QaPopulation, method: QaPlanMethod, excludeDecider: string): DecisionRecord[] {
  const kinds = population.kinds && population.kinds.length ? new Set<string>(population.kinds) : null;
  const arbs = population.arbitratorIds && population.arbitratorIds.length ? new Set(population.arbitratorIds) : null;
  const from = population.decidedFrom ? Date.parse(population.decidedFrom) : -Infinity;
  const to = population.decidedTo ? Date.parse(population.decidedTo) : Infinity;
  return all.filter((d) => {
    const t = Date.parse(d.decidedAt);
    if (t < from || t >= to) return false;
    if (kinds && !kinds.has(d.kind)) return false;
    if (arbs && !arbs.has(d.arbitratorId)) return false;
    if (d.arbitratorId === excludeDecider) return false;
    if (method.type === 'targeted') {
      if (method.target === 'fast') return d.handlingSeconds < (method.maxSeconds ?? 0);
      if (method.target === 'against_critical') return d.againstCritical;
      return d.overturnedOnAppeal;
    }
    return true;
  });
}
