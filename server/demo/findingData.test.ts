import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@common/policy';
import { ALL_CODES, assessCase, FINDING_DATA, FindingSchema } from '@common/rules';
import { generateBundles } from './bundles';

describe('finding.data matches its documented keys (FINDING_DATA, docs/rules.md)', () => {
  it('for every finding on 3,000 generated cases, every code seen', { timeout: 60_000 }, () => {
    const seen = new Set<string>();
    for (const { bundle, label } of generateBundles({ cases: 3000, seed: 1818 })) {
      const a = assessCase(bundle, DEFAULT_POLICY, label.at);
      for (const f of [...a.eligibility, ...a.findings]) {
        seen.add(f.code);
        const schema = FINDING_DATA[f.code];
        if (schema === null) expect(f.data, f.code).toBeUndefined();
        else expect(schema.safeParse(f.data).error?.issues, `${f.code} ${JSON.stringify(f.data)}`).toBeUndefined();
        expect(FindingSchema.safeParse(f).success, f.code).toBe(true);
      }
    }
    expect([...seen].sort()).toEqual([...ALL_CODES].sort());
  });
});
