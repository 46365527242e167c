import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Every command a person runs: each script in scripts/ that is a program rather than a module, and the server. */
const COMMANDS = [
  'scripts/assess.ts',
  'scripts/auditVerify.ts',
  'scripts/genSchema.ts',
  'scripts/generate.ts',
  'scripts/import.ts',
  'scripts/start.mjs',
  'scripts/test.mjs',
  'scripts/dist.mjs',
  'scripts/icons.mjs',
  'scripts/screenshots.mjs',
  'scripts/screenshotsWorkstation.mjs',
  'scripts/screenshotsQa.mjs',
  'scripts/screenshotsPolicy.mjs',
  'scripts/keyboardDoc.mjs',
  'scripts/security/electronegativity.mjs',
  'scripts/bench/index.ts',
  'scripts/chaos/index.ts',
  'server/index.ts',
];
/** Imported by the commands above, never run on their own. */
const MODULES = ['scripts/electron.mjs'];

// Every command starts in an empty folder of its own: whatever --help or a bad flag wrote would show there.
const cwd = mkdtempSync(path.join(os.tmpdir(), 'gavel-cli-help-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const needsTsx = (file: string) => file.endsWith('.ts') || /screenshots|icons|keyboardDoc/.test(file);

type Run = { code: number; stdout: string; stderr: string };
const run = (file: string, args: string[]): Promise<Run> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      // Plain Node for the scripts plain Node runs (npm start, npm test): tsx would hide an import it cannot load.
      [...(needsTsx(file) ? ['--import', tsx] : []), path.join(root, file), ...args],
      // tsx reads the @common path alias from the tsconfig of the working folder; this one is elsewhere.
      { cwd, env: { ...process.env, GAVEL_DATA_DIR: path.join(cwd, 'data'), TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.base.json') }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });

/** Files outside the temporary folder that a command might write when it runs for real. */
const WATCHED = ['docs/schema', 'docs/keyboard.md', 'bench/results', 'common/policy/default-policy.json', 'out', 'test-results/vitest.json'];
const mtimes = () =>
  WATCHED.flatMap((rel) => {
    const p = path.join(root, rel);
    try {
      const s = statSync(p);
      return s.isDirectory() ? readdirSync(p).map((f) => `${rel}/${f}:${statSync(path.join(p, f)).mtimeMs}`) : [`${rel}:${s.mtimeMs}`];
    } catch {
      return [`${rel}:absent`];
    }
  });

describe('every command line', () => {
  it('lists every script in scripts/ (a new one must join the list, and so get --help)', () => {
    const found = ['scripts', 'scripts/security']
      .flatMap((dir) => readdirSync(path.join(root, dir)).map((f) => `${dir}/${f}`))
      .filter((f) => /\.(ts|mjs)$/.test(f) && !/\.(test|d)\.m?ts$/.test(f));
    expect(found.filter((f) => !COMMANDS.includes(f) && !MODULES.includes(f))).toEqual([]);
  });

  it('--help prints the usage and exits 0 with no side effects; an unknown flag is one line, the usage, exit 2', async () => {
    const before = mtimes();
    // Two at a time: the machine has two cores, and each start loads tsx and the script's imports.
    const results: Array<{ file: string; help: Run; bad: Run }> = [];
    const queue = [...COMMANDS];
    await Promise.all(
      [0, 1].map(async () => {
        for (let file = queue.shift(); file; file = queue.shift()) {
          results.push({ file, help: await run(file, ['--help']), bad: await run(file, ['--no-such-flag']) });
        }
      }),
    );
    for (const { file, help, bad } of results) {
      expect(help.code, `${file} --help: ${help.stderr}`).toBe(0);
      expect(help.stdout, file).toMatch(/^usage: /);
      expect(help.stdout, file).toContain('-h, --help');
      expect(bad.code, `${file} --no-such-flag: ${bad.stdout}${bad.stderr}`).toBe(2);
      const [first, blank, usage] = bad.stderr.split('\n');
      expect(first, file).toMatch(/^[\w:-]+: Unknown option '--no-such-flag'$/);
      expect(blank, file).toBe('');
      expect(usage, file).toMatch(/^usage: /);
      expect(bad.stderr, `${file} printed a stack trace`).not.toMatch(/\n\s+at /);
      expect(bad.stdout, file).toBe('');
    }
    expect(readdirSync(cwd)).toEqual([]);
    expect(mtimes()).toEqual(before);
  }, 240_000);
});
