import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderArtifacts } from './artifacts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('published artifacts', () => {
  it('docs/schema, docs/case-bundle.md and default-policy.json match the code (run npx tsx scripts/genSchema.ts)', () => {
    for (const [rel, text] of Object.entries(renderArtifacts())) expect(readFileSync(path.join(root, rel), 'utf8'), rel).toBe(text);
  });
});
