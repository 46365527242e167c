import { expect, test } from '@playwright/test';
import { sql } from 'kysely';
import { qaRecords } from '../server/services/qa';
import { seedQaDecisions } from '../testing/fixtures/qaBulk';
import { rawTextOn } from '../testing/rawText';
import { openApp, useServerAndHost } from '../testing/serverAndHost';
import { shot } from '../testing/shots';

/**
 * The QA dashboard over more decisions than one page: 40k decided cases are written with SQL, the
 * supervisor opens the agreement view, and the dashboard paints from the first page with a
 * progress bar (loaded of the server's total), its charts usable while the rest arrive, then ends
 * with every decision loaded once and the bar gone. Set GAVEL_SHOTS to a folder to save screenshots
 * of the bar in zh-CN and en.
 */
// Seeding 40k decisions under a loaded machine takes a while; the backend's start counts too.
test.describe.configure({ timeout: 300_000 });
const { host, server } = useServerAndHost('qa-paging', 40);
const DECISIONS = 40_000;

test('the QA dashboard pages through the records with a progress bar and stays usable', async ({ browser }) => {
  const db = server().app.gavel.deps.db;
  const users = await db.selectFrom('users').select(['id', 'username', 'role']).execute();
  const supervisor = users.find((u) => u.username === 'supervisor1')!;
  await seedQaDecisions({ db }, DECISIONS, supervisor.id, users.filter((u) => u.role === 'arbitrator').map((u) => u.id));
  await sql`analyze`.execute(db);
  const total = (await qaRecords(db, { id: supervisor.id, role: 'supervisor' }, { limit: 1 })).total!;
  expect(total).toBeGreaterThanOrEqual(DECISIONS);

  const { page, shell } = await openApp(browser, host(), server());
  await shell.signIn('supervisor1', 'gavel-demo-supervisor');
  await shell.open('qa');
  const records = page.getByTestId('qa-records');
  const progress = page.getByTestId('qa-records-progress');
  type Seen = { text: string; value: number; max: number; charts: boolean };
  const watch = () =>
    page.evaluate(() => {
      // Every state of the bar the renderer shows, however briefly: a fast load must not make this test racy.
      const seen: Array<{ text: string; value: number; max: number; charts: boolean }> = [];
      (window as unknown as { qaSeen: typeof seen }).qaSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[data-testid="qa-records-progress"]');
        const el = bar?.querySelector('progress');
        if (bar && el) seen.push({ text: bar.textContent ?? '', value: el.value, max: el.max, charts: !!document.querySelector('[data-testid="qa-mix"]') });
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  for (const [locale, view, of] of [
    ['zh-CN', '一致性', `/ ${total.toLocaleString('zh-CN')}`],
    ['en', 'Agreement', `of ${total.toLocaleString('en')}`],
  ] as const) {
    if (locale === 'en') {
      await page.evaluate(() => window.gavel!.settings.set({ locale: 'en' }));
      await page.getByTestId('qa-views').getByRole('radio', { name: 'Blind review' }).check();
    }
    await watch();
    await page.getByTestId('qa-views').getByRole('radio', { name: view }).check();
    // The first page paints the charts with the bar above them. While the bar shows, the test holds
    // the server's database (one connection in PGlite), so the next page waits and the look is checked as it is.
    await progress.waitFor({ state: 'visible', timeout: 60_000 }).catch(() => {});
    await db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      if (await progress.isVisible()) {
        expect(await rawTextOn(page, locale, 'QA dashboard while loading')).toEqual([]);
        await shot(page, `qa-records-progress-${locale}`);
      }
    });
    // Every decision once, then the bar goes.
    await expect(records).toHaveAttribute('data-complete', 'true', { timeout: 180_000 });
    await expect(records).toHaveAttribute('data-loaded', String(total));
    await expect(progress).toHaveCount(0);
    const seen = await page.evaluate(() => (window as unknown as { qaSeen: Seen[] }).qaSeen);
    // It showed progress against the server's total, part-way, with the charts already there.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((x) => x.text.includes(of) && x.max === total)).toBe(true);
    expect(seen.some((x) => x.value > 0 && x.value < total && x.charts)).toBe(true);
  }
});
