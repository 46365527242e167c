import { Faker, base, zh_CN } from '@faker-js/faker';
import { SeededRandom } from '@common/qa/stats';

/**
 * One seeded zh-CN faker per generator, re-seeded per case with [seed, index] so case i does not
 * depend on cases 0..i-1: any slice of a run can be regenerated (sharding, the backend's demo seed)
 * and the result is identical. Faker draws from the repository's one PRNG (common/qa/stats.ts),
 * which is faker's own default algorithm, so a seed gives the same cases as it always did.
 */
export class Rng {
  readonly f = new Faker({ locale: [zh_CN, base], randomizer: new SeededRandom(0) });

  reseed(seed: number, index: number): void {
    this.f.seed([seed >>> 0, index >>> 0]);
  }
  /** Integer in [min, max], inclusive. */
  int(min: number, max: number): number {
    return this.f.number.int({ min: Math.ceil(min), max: Math.floor(max) });
  }
  float(min: number, max: number): number {
    return min + this.f.number.float({ min: 0, max: 1 }) * (max - min);
  }
  chance(p: number): boolean {
    return this.f.number.float({ min: 0, max: 1 }) < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[this.int(0, xs.length - 1)]!;
  }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = this.float(0, total);
    for (const [x, w] of xs) {
      r -= w;
      if (r < 0) return x;
    }
    return xs[xs.length - 1]![0];
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

const OFFSET = 8 * 3_600_000;
/** ISO-8601 in China time (+08:00), whole seconds: how platform timestamps look. */
export function cst(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + OFFSET).toISOString().slice(0, 19)}+08:00`;
}
