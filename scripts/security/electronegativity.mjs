#!/usr/bin/env node
// The Electron security scan, a stage of `npm test` after the build: Electronegativity over the built
// JavaScript and HTML in out/ (it bundles old parsers, so it reads the build output, not the
// TypeScript). Every finding must be fixed or reviewed in electronegativity.json (check, file, a
// snippet of the reported line, and why); unresolved findings and stale suppressions fail the stage.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseCli } from '../../server/cli.mjs';

parseCli({
  name: 'security',
  usage: `usage: node scripts/security/electronegativity.mjs   (a stage of npm test)

Runs Electronegativity over the built app in out/; every finding must be fixed or reviewed in
scripts/security/electronegativity.json. Exits 1 on an unresolved finding or a stale suppression.

  -h, --help   this text`,
});

const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.join(root, 'out');
if (!existsSync(path.join(out, 'main', 'index.js'))) {
  console.error('security: out/ is not built; run `npm run build` first.');
  process.exit(1);
}
const require = createRequire(import.meta.url);
// Without a network the tool cannot look up releases; tell it the Electron version we ship.
const electronVersion = require('electron/package.json').version;
const config = JSON.parse(readFileSync(path.join(import.meta.dirname, 'electronegativity.json'), 'utf8'));

const tmp = mkdtempSync(path.join(os.tmpdir(), 'gavel-eng-'));
const sarif = path.join(tmp, 'report.sarif');
const bin = path.join(
  path.dirname(require.resolve('@doyensec/electronegativity/package.json')),
  'dist',
  'index.js',
);
const run = spawnSync(
  process.execPath,
  [bin, '-i', out, '-r', '-v', 'false', '-e', electronVersion, '-o', sarif],
  { encoding: 'utf8' },
);
if (!existsSync(sarif)) {
  console.error(
    `security: Electronegativity produced no report (exit ${run.status}).\n${run.stdout}\n${run.stderr}`,
  );
  process.exit(1);
}
const results = JSON.parse(readFileSync(sarif, 'utf8')).runs?.[0]?.results ?? [];
rmSync(tmp, { recursive: true, force: true });

const used = new Set();
const unresolved = [];
const lines = new Map();
const lineOf = (file, n) => {
  if (!lines.has(file)) lines.set(file, readFileSync(path.join(out, file), 'utf8').split('\n'));
  return lines.get(file)[n - 1] ?? '';
};
for (const r of results) {
  const loc = r.locations?.[0]?.physicalLocation;
  const file = loc?.artifactLocation?.uri ?? '?';
  const line = loc?.region?.startLine ?? 0;
  // The snippet may sit on the reported line or the next (multi-line tags such as <meta>).
  const text = `${lineOf(file, line)}\n${lineOf(file, line + 1)}`;
  const i = config.suppressions.findIndex(
    (s) => s.check === r.ruleId && s.file === file && text.includes(s.near),
  );
  if (i >= 0) used.add(i);
  else
    unresolved.push(
      `${r.ruleId} at out/${file}:${line}: ${r.message?.text ?? ''}\n      ${lineOf(file, line).trim().slice(0, 160)}`,
    );
}
const stale = config.suppressions.filter((_, i) => !used.has(i));

console.log(
  `security: Electronegativity ${require('@doyensec/electronegativity/package.json').version} on out/ (Electron ${electronVersion}): ${results.length} finding(s), ${used.size} reviewed, ${unresolved.length} unresolved`,
);
for (const i of used)
  console.log(`  reviewed  ${config.suppressions[i].check} (${config.suppressions[i].file})`);
for (const u of unresolved) console.log(`  UNRESOLVED ${u}`);
for (const s of stale)
  console.log(
    `  STALE     ${s.check} (${s.file}: "${s.near}") no longer reported; remove it from scripts/security/electronegativity.json`,
  );
process.exit(unresolved.length || stale.length ? 1 : 0);
