/**
 * The benchmark contract. Each `scripts/bench/<name>.bench.ts` exports `bench: Bench`.
 * A benchmark returns metrics; the runner (index.ts) turns samples into median / p95 / min–max,
 * checks budgets, and writes bench/results/latest.{json,md}. Budgets are reported, never asserted
 * in tests: this machine is shared and noisy.
 */
export type Budget = { op: '<=' | '>='; value: number };

export type Metric = {
  /** e.g. "assessCase throughput" */
  name: string;
  unit: string;
  /** Raw samples; the runner reports median, p95, min and max of these. */
  samples: number[];
  budget?: Budget;
  /** Which side of the budget the median must sit on is `budget.op`; `p95` budgets set this. */
  budgetOn?: 'median' | 'p95';
  /** Side-by-side peer measured in the same run, e.g. the plain table vs the virtualised queue. */
  peer?: { name: string; samples: number[] };
  note?: string;
};

export type BenchContext = {
  /** Scale factor: 1 is the full budgeted size; `--quick` passes a small fraction for smoke runs. */
  scale: number;
  log: (msg: string) => void;
};

export type Bench = {
  name: string;
  description: string;
  run: (ctx: BenchContext) => Promise<Metric[]>;
};

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

export type Summary = { median: number; p95: number; min: number; max: number; n: number };

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((x, y) => x - y);
  return { median: quantile(s, 0.5), p95: quantile(s, 0.95), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN, n: s.length };
}

/** Times `fn` `reps` times (after `warmup` runs) and returns milliseconds per run. */
export async function timeIt(fn: () => unknown, reps: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}
