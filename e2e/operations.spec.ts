import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startHost } from '../main/host/host';
import { useStandaloneHost } from '../testing/standaloneHost';

/**
 * Operating the app from its UI: the first run says how far the demo import got instead of only
 * "connecting"; Settings shows the update channel's state (none in browser mode, and why) and exports
 * diagnostics without the launch secret.
 */
const root = path.resolve(import.meta.dirname, '..');

test.describe('first run', () => {
  test.beforeEach(({ browserName: _ }, testInfo) => {
    test.skip(testInfo.project.name !== 'browser', 'drives the browser-mode host with an embedded backend');
  });

  test('first run shows the demo import progress, then the queue', async ({ page }) => {
    // The import runs in the host's own process (embedded PGlite), which serves this page and its
    // bridge too: the page must load and hear the progress while the import is still running.
    test.setTimeout(180_000);
    // Enough demo cases that the import is still running when the page has loaded, on any machine.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-e2e-first-run-'));
    const host = await startHost({
      rendererDir: path.join(root, 'out', 'renderer'),
      bridgeFile: path.join(root, 'out', 'bridge', 'bridge.js'),
      dataDir,
      standalone: { seed: 5000 },
    });
    try {
      // Every phase the progress card shows, recorded in the page as it changes (the phases are short).
      await page.addInitScript(() => {
        const seen: string[] = [];
        const at: number[] = [];
        Object.assign(window, { phases: seen, phaseTimes: at });
        new MutationObserver(() => {
          const el = document.querySelector('[data-testid="startup-progress"]');
          const phase = el?.getAttribute('data-phase');
          const text = el?.querySelector('.startup-progress__title')?.textContent ?? '';
          const entry = `${phase}|${text}`;
          if (phase && seen.at(-1) !== entry) {
            seen.push(entry);
            at.push(performance.now());
          }
        }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      await page.goto(host.url);
      await expect(page.getByTestId('queue-row').first()).toBeVisible({ timeout: 150_000 });
      await expect(page.getByTestId('startup-progress')).toHaveCount(0);
      const { phases, phaseTimes } = await page.evaluate(() => {
        const w = window as unknown as { phases: string[]; phaseTimes: number[] };
        return { phases: w.phases, phaseTimes: w.phaseTimes };
      });
      // On a quiet machine 1,500 cases imported in about two seconds, sometimes before the page had
      // loaded (CI saw only the later phases); 5,000 take long enough to be seen on any machine.
      expect(phases.filter((p) => p.startsWith('seeding|')).length, phases.join('\n')).toBeGreaterThanOrEqual(1);
      for (const p of phases) expect(p).toMatch(/^(starting|seeding|history|signing_in)\|/);
      expect(phases.find((p) => p.startsWith('seeding|'))).toMatch(/正在导入演示案件 \d+ \/ 5000/);
      // Heard as it went, not in one burst at the end: the count moved on screen at least three times
      // before 5,000, over at least half a second.
      const moving = phases.flatMap((p, i) => {
        const done = /^seeding\|.*正在导入演示案件 (\d+) \//.exec(p)?.[1];
        return done !== undefined && Number(done) < 5000 ? [{ done: Number(done), at: phaseTimes[i]! }] : [];
      });
      const trace = phases.map((p, i) => `${Math.round(phaseTimes[i]!)} ${p}`).join('\n');
      expect(moving.length, trace).toBeGreaterThanOrEqual(3);
      expect(moving.at(-1)!.at - moving[0]!.at, trace).toBeGreaterThanOrEqual(500);
    } finally {
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

test.describe('Settings', () => {
  const host = useStandaloneHost(40);

  test('Settings shows the update state and exports diagnostics without secrets', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(host().url);
    await page.getByTestId('nav-settings').click();
    const updates = page.getByTestId('settings-updates');
    await expect(updates).toHaveAttribute('data-status', 'unsupported');
    await expect(updates).toContainText('此运行方式不支持自动更新');
    await expect(page.getByTestId('update-check')).toBeDisabled();

    await page.getByTestId('diagnostics-export').click();
    await expect(page.getByTestId('settings-diagnostics')).toHaveAttribute('data-status', 'done');
    const file = (await page.getByTestId('diagnostics-path').textContent())!.trim();
    const text = readFileSync(file, 'utf8');
    const report = JSON.parse(text) as { app: { mode: string }; sync: { counts: Record<string, number> } };
    expect(report.app.mode).toBe('browser');
    expect(Object.keys(report.sync.counts)).toEqual(
      expect.arrayContaining(['cases', 'outboxPending', 'conflicts']),
    );
    // Browser mode's launch secret never leaves the host; what stands for it in the browser is the
    // session cookie derived from it, and the launch link's one-time token.
    const cookies = await page.context().cookies();
    expect(cookies.length).toBeGreaterThan(0);
    const token = new URL(host().url).searchParams.get('t')!;
    for (const secret of [token, ...cookies.map((c) => c.value)]) {
      expect(secret.length).toBeGreaterThan(20);
      expect(text).not.toContain(secret);
    }
  });
});
