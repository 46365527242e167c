import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISABLED_CHROMIUM_FEATURES } from './chromiumFeatures';

const review = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../scripts/security/electronegativity.json'), 'utf8')) as {
  suppressions: Array<{ check: string; why: string }>;
};

describe('the Chromium features the app switches off', () => {
  it('are each named in the security review of the switch (scripts/security/electronegativity.json)', () => {
    const reviewed = review.suppressions.find((s) => s.check === 'CUSTOM_ARGUMENTS_JS_CHECK');
    expect(reviewed, 'a reviewed CUSTOM_ARGUMENTS_JS_CHECK entry').toBeDefined();
    expect(DISABLED_CHROMIUM_FEATURES.length).toBeGreaterThan(0);
    for (const feature of DISABLED_CHROMIUM_FEATURES) expect(reviewed!.why, feature).toContain(`\`${feature}\``);
  });
});
