/**
 * `npm run bench [-- --only NAME] [--quick]`: runs every scripts/bench/*.bench.ts, prints a table,
 * and writes bench/results/latest.json and bench/results/latest.md with machine info.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProgress, parseCli } from '../../server/cli.mjs';
import { summarize, type Bench, type Metric, type Summary } from './harness';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const USAGE = `usage: npm run bench -- [--only NAME] [--quick]

Runs every scripts/bench/*.bench.ts (or one), prints a table of medians, p95 and budgets, and writes
bench/results/latest.json and latest.md with the machine's details.

  --only NAME   one benchmark (domain, server, workflow, precedents, qa, offline, sync,
                workstation, walk, startup, diagnostics)
  --quick       a scaled-down smoke run; its budgets mean nothing
  -h, --help    this text`;
const { values } = parseCli({ name: 'bench', usage: USAGE, options: { only: { type: 'string' }, quick: { type: 'boolean', default: false } } });
const only = values.only;
const quick = values.quick;

type Row = { bench: string; metric: string; unit: string; stats: Summary; budget?: string; pass?: boolean; peer?: { name: string; stats: Summary; ratio: number }; note?: string };

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  return a >= 1000 ? n.toFixed(0) : a >= 10 ? n.toFixed(1) : n.toFixed(2);
}

async function main(): Promise<void> {
  // Benches that drive Chromium live in browser/ (type-checked with DOM types, see tsconfig.e2e.json).
  const files = ['.', 'browser']
    .flatMap((dir) => readdirSync(path.join(here, dir)).filter((f) => f.endsWith('.bench.ts')).map((f) => path.join(dir, f)))
    .sort();
  const benches: Bench[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(here, f)).href)) as { bench?: Bench };
    if (mod.bench) benches.push(mod.bench);
  }
  const selected = only ? benches.filter((b) => b.name === only) : benches;
  if (only && selected.length === 0) {
    console.error(`bench: no benchmark named "${only}". Available: ${benches.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  const rows: Row[] = [];
  const progress = createProgress({ label: 'bench', total: selected.length, unit: 'benchmarks' });
  for (const b of selected) {
    console.log(`\n▶ ${b.name}: ${b.description}`);
    const started = Date.now();
    let metrics: Metric[];
    try {
      metrics = await b.run({ scale: quick ? 0.05 : 1, log: (m) => console.log(`  ${m}`) });
    } catch (err) {
      console.error(`  ✗ ${b.name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      process.exitCode = 1;
      progress.tick();
      continue;
    }
    for (const m of metrics) {
      const stats = summarize(m.samples);
      const row: Row = { bench: b.name, metric: m.name, unit: m.unit, stats, note: m.note };
      if (m.budget) {
        const v = m.budgetOn === 'p95' ? stats.p95 : stats.median;
        row.budget = `${m.budgetOn === 'p95' ? 'p95' : 'median'} ${m.budget.op} ${m.budget.value}`;
        row.pass = m.budget.op === '<=' ? v <= m.budget.value : v >= m.budget.value;
      }
      if (m.peer) {
        const ps = summarize(m.peer.samples);
        row.peer = { name: m.peer.name, stats: ps, ratio: ps.median / stats.median };
      }
      rows.push(row);
    }
    console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    progress.tick();
  }
  progress.done();

  const machine = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    platform: `${os.platform()} ${os.release()}`,
    quick,
  };
  const header = '| bench | metric | median | p95 | min–max | n | budget | result | side by side |';
  const lines = [header, '|---|---|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const peer = r.peer ? `${r.peer.name}: median ${fmt(r.peer.stats.median)} ${r.unit} (ratio ${r.peer.ratio.toFixed(2)}×)` : '';
    lines.push(
      `| ${r.bench} | ${r.metric} (${r.unit}) | ${fmt(r.stats.median)} | ${fmt(r.stats.p95)} | ${fmt(r.stats.min)}–${fmt(r.stats.max)} | ${r.stats.n} | ${r.budget ?? ''} | ${r.pass === undefined ? '' : r.pass ? 'pass' : '**over budget**'} | ${peer} |`,
    );
  }
  const md = `# Benchmark results\n\n${machine.date} · Node ${machine.node} · ${machine.cpus} · ${machine.memoryGiB} GiB · ${machine.platform}${quick ? ' · quick run (scaled down, budgets not meaningful)' : ''}\n\n${lines.join('\n')}\n`;
  const outDir = path.join(root, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify({ machine, rows }, null, 2));
  writeFileSync(path.join(outDir, 'latest.md'), md);
  console.log(`\n${md}`);
  console.log(`wrote bench/results/latest.json and latest.md`);
}

await main();
