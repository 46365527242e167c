import { describe, expect, it } from 'vitest';
import { parseCaseBundle } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import { ALL_CODES, assessCase } from '@common/rules';
import { generateBundles } from './bundles';

const CASES = 10_000;

describe(`rules engine on ${CASES} generated cases`, () => {
  // 10,000 cases take ~20 s on an idle 2-core machine; the limit leaves room for a busy one.
  it('finds every injected anomaly and stays quiet on clean cases', { timeout: 120_000 }, () => {
    const tp = new Map<string, number>();
    const fp = new Map<string, number>();
    const fn = new Map<string, number>();
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    let clean = 0;
    let cleanWithFindings = 0;
    const misses: string[] = [];
    for (const { bundle, label } of generateBundles({ cases: CASES, seed: 20260301 })) {
      // Every generated bundle must pass the published schema.
      const parsed = parseCaseBundle(bundle);
      if (!parsed.ok) throw new Error(`${label.caseId} is not schema-valid: ${JSON.stringify(parsed.issues.slice(0, 3))}`);
      const a = assessCase(parsed.value, DEFAULT_POLICY, label.at);
      const got = new Set([...a.eligibility, ...a.findings].map((f) => f.code));
      for (const c of label.expected) {
        if (got.has(c)) bump(tp, c);
        else {
          bump(fn, c);
          if (misses.length < 10) misses.push(`${label.caseId} missed ${c}`);
        }
      }
      for (const c of got) if (!label.expected.includes(c)) bump(fp, c);
      if (label.expected.length === 0) {
        clean++;
        if (got.size > 0) cleanWithFindings++;
      }
    }
    const rows = ALL_CODES.map((c) => {
      const t = tp.get(c) ?? 0;
      const f = fp.get(c) ?? 0;
      const n = fn.get(c) ?? 0;
      return { code: c, injected: t + n, found: t, falsePositives: f, recall: t + n ? t / (t + n) : NaN, precision: t + f ? t / (t + f) : NaN };
    });
    console.log(`\nprecision / recall per code on ${CASES} generated cases (seed 20260301):`);
    console.table(rows.map((r) => ({ ...r, recall: r.recall.toFixed(3), precision: r.precision.toFixed(3) })));
    console.log(`clean cases: ${clean}, with any finding: ${cleanWithFindings} (${((100 * cleanWithFindings) / clean).toFixed(2)}%)`);

    expect(misses).toEqual([]);
    for (const r of rows) expect(r.injected, `${r.code} was never injected`).toBeGreaterThan(0);
    expect(cleanWithFindings / clean).toBeLessThan(0.02);
  });
});

describe('generator', () => {
  it('is deterministic per seed and slice', () => {
    const a = [...generateBundles({ cases: 30, seed: 9 })];
    const b = [...generateBundles({ cases: 30, seed: 9 })];
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const slice = [...generateBundles({ cases: 10, seed: 9, start: 20 })];
    expect(JSON.stringify(slice)).toBe(JSON.stringify(a.slice(20)));
    const other = [...generateBundles({ cases: 30, seed: 10 })];
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(a));
  });

  it('covers every kind and writes zh-CN content', () => {
    const kinds = new Set<string>();
    let zh = 0;
    for (const { bundle } of generateBundles({ cases: 400, seed: 2 })) {
      kinds.add(bundle.case.kind);
      if (/[\u4e00-\u9fff]/.test(bundle.parties[0]!.displayName)) zh++;
    }
    expect(kinds.size).toBe(11);
    expect(zh).toBe(400);
  });
});
