/**
 * `npx tsx scripts/genSchema.ts`: writes the published JSON Schemas (docs/schema/*.json) from the
 * zod schemas, and common/policy/default-policy.json from DEFAULT_POLICY, so the published format
 * can never drift from the code (a test compares the committed files with a fresh render).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCli } from '../server/cli.mjs';
import { renderArtifacts } from '../server/demo/artifacts';

parseCli({
  name: 'gen:schema',
  usage: `usage: npm run gen:schema

Rewrites docs/schema/*.json, docs/case-bundle.md and common/policy/default-policy.json from the zod
schemas and the default policy. Takes no options.

  -h, --help   this text`,
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const [rel, text] of Object.entries(renderArtifacts())) {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${rel}`);
}
