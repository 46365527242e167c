/**
 * `npm run generate -- --cases N --seed S --out DIR [--anchor ISO] [--anomaly-rate R] [--start K]`
 *
 * Streams synthetic case bundles to DIR/bundles.ndjson and their ground truth to DIR/labels.ndjson.
 * Deterministic per (seed, case index); memory stays bounded whatever N is. Prints a summary line;
 * with --summary-json, a JSON object instead (the benchmark reads it).
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createProgress, parseCli, usageError } from '../server/cli.mjs';
import { generateBundles } from '../server/demo/bundles';
import { NdjsonWriter } from '../server/demo/ndjson';

const USAGE = `usage: npm run generate -- --cases N --seed S --out DIR [--anchor ISO] [--anomaly-rate R] [--start K] [--summary-json]

Writes N synthetic case bundles to DIR/bundles.ndjson and their ground truth to DIR/labels.ndjson.

  --cases N          how many cases (default 1000)
  --seed S           PRNG seed; the same seed gives the same files (default 1)
  --out DIR          output folder (default data/generated)
  --anchor ISO       cases are filed in the 30 days before this time (default now)
  --anomaly-rate R   share of cases with planted anomalies, 0..1
  --start K          first case index (to extend an earlier run)
  --summary-json     print the summary as JSON (the benchmark reads it)
  -h, --help         this text`;

const { values } = parseCli({
  name: 'generate',
  usage: USAGE,
  options: {
    cases: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'data/generated' },
    anchor: { type: 'string' },
    'anomaly-rate': { type: 'string' },
    start: { type: 'string', default: '0' },
    'summary-json': { type: 'boolean', default: false },
  },
});

function int(name: string, v: string | undefined): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) usageError('generate', USAGE, `--${name} must be a non-negative integer, got "${v}"`);
  return n;
}

async function main(): Promise<void> {
  const cases = int('cases', values.cases);
  const seed = int('seed', values.seed);
  const start = int('start', values.start);
  const anomalyRate = values['anomaly-rate'] === undefined ? undefined : Number(values['anomaly-rate']);
  const dir = path.resolve(values.out);
  mkdirSync(dir, { recursive: true });
  const bundles = new NdjsonWriter(createWriteStream(path.join(dir, 'bundles.ndjson')));
  const labels = new NdjsonWriter(createWriteStream(path.join(dir, 'labels.ndjson')));
  const t0 = performance.now();
  let anomalous = 0;
  const progress = createProgress({ label: 'generate', total: cases, unit: 'cases' });
  for (const { bundle, label } of generateBundles({ cases, seed, start, anchor: values.anchor, anomalyRate })) {
    await bundles.write(bundle);
    await labels.write(label);
    if (label.expected.length) anomalous++;
    progress.tick();
  }
  await Promise.all([bundles.end(), labels.end()]);
  progress.done();
  const seconds = (performance.now() - t0) / 1000;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  if (values['summary-json']) console.log(JSON.stringify({ cases, seed, seconds, peakRssMiB, anomalous, out: dir }));
  else console.log(`generated ${cases} cases (${anomalous} with anomalies) in ${seconds.toFixed(1)} s → ${dir}/bundles.ndjson, labels.ndjson · peak RSS ${peakRssMiB.toFixed(0)} MiB`);
}

await main();
