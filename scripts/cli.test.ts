import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-cli-'));
const exec = promisify(execFile);
const tsx = (script: string, args: string[]) => exec(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generate and assess CLIs', () => {
  it('generate writes N bundles and N labels, identical for the same seed', async () => {
    await tsx('scripts/generate.ts', ['--cases', '40', '--seed', '3', '--out', path.join(dir, 'a')]);
    await tsx('scripts/generate.ts', ['--cases', '40', '--seed', '3', '--out', path.join(dir, 'b')]);
    const a = readFileSync(path.join(dir, 'a/bundles.ndjson'), 'utf8');
    expect(a.trim().split('\n')).toHaveLength(40);
    expect(readFileSync(path.join(dir, 'a/labels.ndjson'), 'utf8').trim().split('\n')).toHaveLength(40);
    expect(readFileSync(path.join(dir, 'b/bundles.ndjson'), 'utf8')).toBe(a);
  });

  it('assess reports bad lines by number and path, keeps going, and exits non-zero', async () => {
    const lines = readFileSync(path.join(dir, 'a/bundles.ndjson'), 'utf8').trim().split('\n');
    const broken = JSON.parse(lines[1]!) as { orders: { items: { qty: number }[] }[] };
    broken.orders[0]!.items[0]!.qty = 0;
    const file = path.join(dir, 'mixed.ndjson');
    writeFileSync(file, [lines[0], JSON.stringify(broken), '{oops', lines[2]].join('\n'));
    const err = await tsx('scripts/assess.ts', ['--in', file, '--at', 'filed']).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('line 2: orders[0].items[0].qty:');
    expect(err?.stderr).toContain('line 3: invalid JSON');
    const out = err!.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; eligible: boolean });
    expect(out.map((o) => o.line)).toEqual([1, 4]);
  });

  it('assess --help prints the usage and the output format, and exits 0; an unknown option is a usage error', async () => {
    for (const flag of ['--help', '-h']) {
      const { stdout } = await tsx('scripts/assess.ts', [flag]);
      expect(stdout).toMatch(/^usage: npm run assess -- --in FILE/i);
      expect(stdout).toContain('"raised": [code], "dropped": [code]');
      expect(stdout).toContain('Exit status');
    }
    const err = await tsx('scripts/assess.ts', ['--nope']).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toMatch(/^assess: Unknown option '--nope'/);
  });

  it('assess --compare prints only what a stricter policy flips', async () => {
    const policy = JSON.parse(readFileSync(path.join(root, 'common/policy/default-policy.json'), 'utf8')) as { version: string; thresholds: { orderWindowDays: number } };
    policy.version = 'what-if';
    policy.thresholds.orderWindowDays = 1;
    const p2 = path.join(dir, 'p2.json');
    writeFileSync(p2, JSON.stringify(policy));
    const { stdout, stderr } = await tsx('scripts/assess.ts', ['--in', path.join(dir, 'a/bundles.ndjson'), '--at', 'filed', '--compare', p2]);
    const flips = stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { raised: string[]; eligible: { from: boolean; to: boolean } });
    expect(flips.length).toBeGreaterThan(0);
    for (const f of flips) expect(f.raised).toContain('ORDER_OUTSIDE_WINDOW');
    expect(stderr).toMatch(/would change under what-if/);
  });
});
