import { describe, expect, it } from 'vitest';
import type { CaseView } from '@common/api';
import { DEFAULT_POLICY } from '@common/policy';
import { assessCase } from '@common/rules';
import { bundleRowFromView, caseRowFromView } from '../../../data/rows';
import { caseView } from '../../../../testing/fixtures/caseViews';
import { planCluster, type ClusterCase, type ClusterDraft } from './clusterModel';

const NOW = new Date('2026-11-02T10:00:00+08:00');

function clusterCase(view: CaseView, patch: Partial<ClusterCase> = {}): ClusterCase {
  return { caseId: view.id, externalId: view.externalId, row: caseRowFromView(view, 'open'), bundle: bundleRowFromView(view), policy: DEFAULT_POLICY, ...patch };
}

/** The fixture case (an after-sales complaint without a return trace or unboxing media: not eligible) with an unboxing photo: eligible. */
function withUnboxing(n: number): CaseView {
  const v = caseView(n);
  const photo = { id: `md-${n}`, kind: 'photo' as const, purpose: 'unboxing' as const, sha256: 'a'.repeat(64), mimeType: 'image/png', bytes: 1, uri: `x/${n}.png` };
  return { ...v, bundle: { ...v.bundle, media: [...v.bundle.media, photo], case: { ...v.bundle.case, evidence: [...v.bundle.case.evidence, { type: 'media', mediaId: photo.id }] } } };
}
/** The fixture as it is: the eligibility rules exclude it. */
const notEligible = (n: number): CaseView => caseView(n);

let ids = 0;
const ctx = { userId: 'arb-1', now: NOW, newId: () => `m-${++ids}` };
const reasonFor = (verdict: 'upheld' | 'rejected') => DEFAULT_POLICY.reasonCodes.abnormal_after_sales.find((r) => r.verdicts.includes(verdict))!.code;

describe('planCluster: one decision, each case judged on its own', () => {
  const upheld: ClusterDraft = { verdict: 'upheld', reasonCodes: [reasonFor('upheld')], remedies: [DEFAULT_POLICY.remediesByKind.abnormal_after_sales.find((r) => r !== 'no_action' && r !== 'warn')!], note: '同一地址多账号，按团伙处理' };

  it('the fixture: one case eligible, the other excluded by its own evidence', () => {
    expect(assessCase(withUnboxing(1).bundle, DEFAULT_POLICY, NOW.getTime()).eligible).toBe(true);
    expect(assessCase(notEligible(2).bundle, DEFAULT_POLICY, NOW.getTime()).eligible).toBe(false);
  });

  it('decides the cases the decision fits, each with its own mutation id, and reports the one its findings make invalid', () => {
    const out = planCluster(upheld, [clusterCase(withUnboxing(1)), clusterCase(notEligible(2)), clusterCase(withUnboxing(3))], ctx);
    expect(out.map((o) => o.status)).toEqual(['ready', 'invalid', 'ready']);
    const invalid = out[1]!;
    if (invalid.status !== 'invalid') throw new Error('expected invalid');
    // Upholding an ineligible case needs an override the cluster form does not give: reported, not decided.
    expect(invalid.problems.map((p) => p.code)).toEqual(['override_required']);
    const ready = out.filter((o) => o.status === 'ready');
    const decisions = ready.map((o) => (o.status === 'ready' ? o.decision : null));
    expect(new Set(decisions.map((d) => d!.mutationId)).size).toBe(2);
    for (const d of decisions) expect(d).toMatchObject({ verdict: 'upheld', decidedBy: 'arb-1', policyVersion: DEFAULT_POLICY.version, citedEvidence: [], assessment: { policyVersion: DEFAULT_POLICY.version } });
  });

  it('judges each case under its own assessment: the same draft rejected fits the excluded case', () => {
    const rejected: ClusterDraft = { verdict: 'rejected', reasonCodes: [reasonFor('rejected')], remedies: ['no_action'], note: '证据不足，驳回' };
    const out = planCluster(rejected, [clusterCase(notEligible(2))], ctx);
    expect(out.map((o) => o.status)).toEqual(['ready']);
  });

  it('says why a case is not decided here: not on this machine, held by another, already decided', () => {
    const v = caseView(4);
    const out = planCluster(upheld, [
      clusterCase(v, { row: null, bundle: null }),
      clusterCase(caseView(5, { claimedBy: 'arb-2' })),
      clusterCase(caseView(6, { claimedBy: null })),
      clusterCase(v, { row: { ...caseRowFromView(v, 'pending') } }),
      clusterCase(v, { policy: null }),
    ], ctx);
    expect(out.map((o) => (o.status === 'not_held' ? o.reason : o.status))).toEqual(['not_on_machine', 'held_by_other', 'not_on_machine', 'already_decided', 'no_policy']);
  });

  it('reports a reason code of another kind as a problem of that case alone', () => {
    const other = caseView(7);
    const merchantReason = DEFAULT_POLICY.reasonCodes.quality.find((r) => r.verdicts.includes('upheld') && !DEFAULT_POLICY.reasonCodes.abnormal_after_sales.some((x) => x.code === r.code));
    if (!merchantReason) return;
    const out = planCluster({ ...upheld, reasonCodes: [merchantReason.code] }, [clusterCase(other)], ctx);
    expect(out[0]).toMatchObject({ status: 'invalid' });
    if (out[0]!.status === 'invalid') expect(out[0]!.problems.map((p) => p.code)).toContain('reason_unknown');
  });
});
