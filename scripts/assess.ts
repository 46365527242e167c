/**
 * `npm run assess -- --in bundles.ndjson [--policy FILE] [--at ISO|filed|now] [--compare FILE]`
 *
 * Runs the rules engine over an NDJSON file of case bundles. The output format is in HELP below and
 * in docs/rules.md (*The assess CLI*). With --compare it prints only what the second policy would
 * flip, through the same comparison as the app's what-if screen (common/rules/whatIf.ts).
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseCaseBundle, type CaseBundle } from '../common/domain';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '../common/policy';
import { assessCase, compareCase, emptySummary, tally } from '../common/rules';
import { createProgress, parseCli, usageError } from '../server/cli.mjs';

const USAGE = `usage: npm run assess -- --in FILE [--policy FILE] [--at ISO|filed|now] [--compare FILE]

Assesses every case bundle of an NDJSON file (one bundle per line, docs/case-bundle.md) with the
rules engine (common/rules) and prints one JSON object per line on stdout.

Options
  --in FILE        NDJSON case bundles (required)
  --policy FILE    policy JSON to assess under (docs/schema/policy.schema.json); default: the built-in policy
  --at WHEN        assessment time: an ISO-8601 instant, "filed" (each case's filedAt) or "now" (default)
  --compare FILE   a second policy: print only the cases whose findings, eligibility or (for a bundle
                   whose case carries a decision) decision validity it would flip
  -h, --help       this text

Output without --compare, one line per valid bundle:
  {"line": N, "caseId", "externalId", "kind", "eligible": bool, "eligibility": [Finding], "findings": [Finding],
   "policyVersion", "at"}
  A Finding is {"code", "severity", "message_zh", "message_en", "refs", "stance", "implicatedPartyIds", "data"?};
  the keys of "data" per code are in docs/rules.md and docs/schema/finding.schema.json.

Output with --compare, one line per case the second policy changes:
  {"line": N, "caseId", "externalId", "kind", "decided": bool, "raised": [code], "dropped": [code],
   "eligible": {"from": bool, "to": bool}, "validation": null | {"from": [field], "to": [field]},
   "policy": {"from": version, "to": version}}

stderr: one line per bad input line ("line N: path: message"), then a summary line
("assess: N bundles …", with --compare the counts of raised and dropped codes).
Exit status: 0 when every line was a valid bundle, 1 when some were not (the rest are still
assessed), 2 for bad arguments or an unreadable or invalid policy file.
`;

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
  console.error(`assess: ${msg}\n(npm run assess -- --help for usage)`);
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
  const summary = emptySummary();
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
    if (!other) {
      out.push(`${JSON.stringify({ line, caseId: b.case.id, externalId: b.case.externalId, kind: b.case.kind, ...assessCase(b, policy, at) })}\n`);
    } else {
      const decision = b.case.decision;
      const flip = compareCase({ bundle: b, governing: policy, at: decision ? Date.parse(decision.decidedAt) : at, decision }, other);
      tally(summary, b.case.kind, decision !== null, flip);
      if (flip) out.push(`${JSON.stringify({ line, ...flip, policy: { from: policy.version, to: other.version } })}\n`);
    }
    if (out.length >= 256) flush();
    progress.update(Math.floor(input.bytesRead / 1024));
  }
  flush();
  progress.update(Math.ceil(size / 1024));
  progress.done();
  const text = other
    ? `assess: ${total} bundles, ${summary.changed} would change under ${other.version} (raised: ${JSON.stringify(summary.raisedByCode)}; dropped: ${JSON.stringify(summary.droppedByCode)})`
    : `assess: ${total} bundles assessed under policy ${policy.version}`;
  console.error(`${text}${bad ? `; ${bad} bad line(s)` : ''}`);
  if (bad) process.exitCode = 1;
}

await main();
