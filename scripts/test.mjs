#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests (vitest), build, then end-to-end tests (Playwright),
// and a closing summary line `tests: N passed, N failed, N skipped` that CI reads.
// Every stage runs even when an earlier one fails, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { parseCli } from '../server/cli.mjs';

const { values: flags } = parseCli({
  name: 'test',
  usage: `usage: npm test [-- --unit | --e2e]

Typecheck, lint, unit tests (Vitest), build, the Electron security scan and end-to-end tests (Playwright),
then the summary line \`tests: N passed, N failed, N skipped\`. Every stage runs even when one fails.

  --unit       only typecheck, lint and unit tests
  --e2e        only build, security scan and end-to-end tests
  -h, --help   this text`,
  options: { unit: { type: 'boolean', default: false }, e2e: { type: 'boolean', default: false } },
});
const args = new Set(Object.entries(flags).filter(([, on]) => on).map(([name]) => `--${name}`));
const only = (name) => !args.has('--unit') && !args.has('--e2e') ? true : args.has(`--${name}`);
mkdirSync('test-results', { recursive: true });

const stages = [];
function run(name, cmd, cmdArgs, env = {}) {
  console.log(`\n━━ ${name}: ${cmd} ${cmdArgs.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, ...env }, shell: false });
  const ok = r.status === 0;
  stages.push({ name, ok, seconds: (Date.now() - started) / 1000 });
  return ok;
}
const npx = (bin, ...a) => ['npx', ['--no-install', bin, ...a]];

// System prerequisites (Chromium, CJK fonts, PostgreSQL binaries): installed from Debian when
// missing and we are root; otherwise the script says exactly what to install.
if (only('e2e') || only('unit')) run('setup', 'bash', ['scripts/setup-system.sh']);

if (only('unit')) {
  run('typecheck', ...npx('tsc', '-b'));
  run('lint', ...npx('eslint', '.', '--max-warnings=0'));
  // The import graph as a whole: cycles, process boundaries, the feature wing (dependency-cruiser.config.mjs).
  run('lint:graph', 'npm', ['run', '--silent', 'lint:graph']);
  run('unit', ...npx('vitest', 'run'));
}
if (only('e2e')) {
  if (run('build', 'npm', ['run', '--silent', 'build'])) {
    // Electronegativity over the built app; every finding fixed or reviewed in scripts/security/.
    run('security', 'node', ['scripts/security/electronegativity.mjs']);
    run('e2e', ...npx('playwright', 'test'));
  }
}

// ── summary ───────────────────────────────────────────────────────────────────
let passed = 0, failed = 0, skipped = 0;
const skipReasons = new Map();
if (existsSync('test-results/vitest.json') && only('unit')) {
  const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  for (const file of v.testResults ?? []) for (const t of file.assertionResults ?? []) {
    if (t.status === 'skipped' || t.status === 'pending') skipReasons.set(`unit: ${t.fullName}`, (skipReasons.get(`unit: ${t.fullName}`) ?? 0) + 1);
  }
}
if (existsSync('test-results/playwright.json') && only('e2e')) {
  const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
  const walk = (suite) => {
    for (const s of suite.suites ?? []) walk(s);
    for (const spec of suite.specs ?? []) for (const t of spec.tests ?? []) {
      const status = t.status; // expected | unexpected | flaky | skipped
      if (status === 'expected' || status === 'flaky') passed++;
      else if (status === 'skipped') {
        skipped++;
        // test.skip and test.fixme both carry their reason as an annotation.
        const note = (t.annotations ?? []).find((a) => a.type === 'skip' || a.type === 'fixme');
        const why = note ? `${note.type === 'fixme' ? 'fixme: ' : ''}${note.description ?? 'no reason given'}` : 'no reason given';
        const key = `e2e [${t.projectName}]: ${why}`;
        skipReasons.set(key, (skipReasons.get(key) ?? 0) + 1);
      } else failed++;
    }
  };
  for (const s of p.suites ?? []) walk(s);
  for (const e of p.errors ?? []) { failed++; console.log(`playwright error: ${e.message ?? e}`); }
}
const stageFailed = stages.filter((s) => !s.ok);
console.log('\n━━ summary');
for (const s of stages) console.log(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name.padEnd(10)} ${s.seconds.toFixed(1)}s`);
if (skipReasons.size) {
  console.log('  skipped:');
  for (const [why, n] of skipReasons) console.log(`    ${n} × ${why}`);
}
// A stage that failed without a test result (typecheck, lint, build) still counts as a failure.
const stageOnlyFailures = stageFailed.filter((s) => !['unit', 'e2e'].includes(s.name)).length;
console.log(`tests: ${passed} passed, ${failed + stageOnlyFailures} failed, ${skipped} skipped`);
process.exit(stageFailed.length || failed ? 1 : 0);
