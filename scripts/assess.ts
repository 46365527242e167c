/**
 * `npm run assess -- --in bundles.ndjson [--policy FILE] [--at ISO|filed|now] [--compare FILE]`
 *
 * Runs the rules engine over an NDJSON file of case bundles and prints one JSON line per bundle.
 * With --compare, it assesses each bundle under both policies and prints only what the second
 * policy would flip (eligibility, codes raised or dropped): a what-if before rolling out thresholds.
 * Bad lines are reported on stderr with their line number and field path; the run continues and
 * exits non-zero at the end.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseCaseBundle, type CaseBundle } from '../common/domain';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../common/policy';
import { assessCase, type Assessment } from '../common/rules';
import { createProgress, parseCli, usageError } from '../server/cli.mjs';

const USAGE = `usage: npm run assess -- --in FILE [--policy FILE] [--at ISO|filed|now] [--compare FILE]

Runs the rules engine over an NDJSON file of case bundles; one JSON line per bundle on stdout.

  --in FILE        the bundles (NDJSON), e.g. from npm run generate
  --policy FILE    a policy JSON (default: the built-in policy)
  --at WHEN        assess as of an ISO time, "filed" (each case's filing time) or "now" (default)
  --compare FILE   print only what this second policy would flip (eligibility, codes raised or dropped)
  -h, --help       this text

Bad lines are reported on stderr by line number and field path; the run goes on and exits 1 at the end.`;

const { values } = parseCli({
  name: 'assess',
  usage: USAGE,
  options: {
    in: { type: 'string' },
    policy: { type: 'string' },
    at: { type: 'string', default: 'now' },
    compare: { type: 'string' },
  },
});

function fail(msg: string): never {
  console.error(`assess: ${msg}`);
  process.exit(2);
}

function loadPolicy(file: string): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`cannot read policy ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = parsePolicy(raw);
  if (!r.ok) fail(`policy ${file} is invalid:\n${r.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  return r.value;
}

const codesOf = (a: Assessment): string[] => [...a.eligibility, ...a.findings].map((f) => f.code);

async function main(): Promise<void> {
  if (!values.in) usageError('assess', USAGE, '--in FILE is required');
  const policy = values.policy ? loadPolicy(values.policy) : DEFAULT_POLICY;
  const other = values.compare ? loadPolicy(values.compare) : undefined;
  const atMode = values.at ?? 'now';
  const fixedAt = atMode === 'now' ? Date.now() : atMode === 'filed' ? undefined : Date.parse(atMode);
  if (fixedAt !== undefined && !Number.isFinite(fixedAt)) fail(`--at must be an ISO time, "now" or "filed"; got "${atMode}"`);
  const atFor = (b: CaseBundle): number => fixedAt ?? Date.parse(b.case.filedAt);

  let size = 0;
  try {
    size = statSync(values.in).size;
  } catch (e) {
    fail(`cannot read ${values.in}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const input = createReadStream(values.in);
  const rl = createInterface({ input, crlfDelay: Infinity });
  // Progress in bytes read: the line count is unknown until the end.
  const progress = createProgress({ label: 'assess', total: Math.ceil(size / 1024), unit: 'KiB' });
  let line = 0;
  let bad = 0;
  let total = 0;
  let flipped = 0;
  const added = new Map<string, number>();
  const removed = new Map<string, number>();
  const out: string[] = [];
  const flush = () => {
    if (out.length) process.stdout.write(out.join(''));
    out.length = 0;
  };

  for await (const text of rl) {
    line++;
    if (text.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      bad++;
      console.error(`line ${line}: invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const parsed = parseCaseBundle(raw);
    if (!parsed.ok) {
      bad++;
      for (const i of parsed.issues) console.error(`line ${line}: ${i.path}: ${i.message}`);
      continue;
    }
    total++;
    const b = parsed.value;
    const at = atFor(b);
    const a = assessCase(b, policy, at);
    if (!other) {
      out.push(`${JSON.stringify({ line, caseId: b.case.id, externalId: b.case.externalId, kind: b.case.kind, ...a })}\n`);
    } else {
      const z = assessCase(b, other, at);
      const before = new Set(codesOf(a));
      const after = new Set(codesOf(z));
      const plus = [...after].filter((c) => !before.has(c));
      const minus = [...before].filter((c) => !after.has(c));
      if (plus.length || minus.length || a.eligible !== z.eligible) {
        flipped++;
        for (const c of plus) added.set(c, (added.get(c) ?? 0) + 1);
        for (const c of minus) removed.set(c, (removed.get(c) ?? 0) + 1);
        out.push(`${JSON.stringify({ line, caseId: b.case.id, externalId: b.case.externalId, kind: b.case.kind, eligible: { from: a.eligible, to: z.eligible }, raised: plus, dropped: minus, policy: { from: a.policyVersion, to: z.policyVersion } })}\n`);
      }
    }
    if (out.length >= 256) flush();
    progress.update(Math.floor(input.bytesRead / 1024));
  }
  flush();
  progress.update(Math.ceil(size / 1024));
  progress.done();
  const summary = other
    ? `assess: ${total} bundles, ${flipped} would change under ${other.version} (raised: ${JSON.stringify(Object.fromEntries(added))}; dropped: ${JSON.stringify(Object.fromEntries(removed))})`
    : `assess: ${total} bundles assessed under policy ${policy.version}`;
  console.error(`${summary}${bad ? `; ${bad} bad line(s)` : ''}`);
  if (bad) process.exitCode = 1;
}

await main();
