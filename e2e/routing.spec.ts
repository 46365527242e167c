import { expect, test } from '@playwright/test';
import { SERIOUS_KINDS } from '../common/domain';
import { openApp, useServerAndHost } from '../testing/serverAndHost';
import { shot } from '../testing/shots';

/**
 * A skill-restricted claim, in the browser-mode app against a real server with the demo accounts:
 * the junior arbitrator (arbitrator4) takes a batch and is handed no counterfeit or
 * false-advertising case (the default routing rules); the senior arbitrator1 takes a batch and is;
 * the admin's "who would get this case?" says why, in words. Set GAVEL_SHOTS to a folder to save
 * screenshots of the routing page in zh-CN and en.
 */
const { host, server } = useServerAndHost('routing', 60);

test('a skill-restricted claim: the junior gets no serious case, the senior does, the tester says why', async ({ browser }) => {
  test.setTimeout(240_000);
  const db = server().app.gavel.deps.db;
  const heldKinds = async (username: string) =>
    (await db.selectFrom('cases').innerJoin('users', 'users.id', 'cases.assignee_id').select('cases.kind').where('users.username', '=', username).where('cases.leased', '=', true).execute()).map((r) => r.kind);
  const serious = (kinds: string[]) => kinds.filter((k) => (SERIOUS_KINDS as readonly string[]).includes(k));
  // The demo data has serious cases to withhold.
  expect(serious((await db.selectFrom('cases').select('kind').where('status', '=', 'queued').execute()).map((r) => r.kind)).length).toBeGreaterThan(0);

  const { page, shell, ws } = await openApp(browser, host(), server());
  await shell.signIn('arbitrator4', 'gavel-demo-4');
  await shell.open('queue');
  await page.getByTestId('sync-checkout').click();
  await expect.poll(() => ws.rows().count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  const junior = await heldKinds('arbitrator4');
  expect(junior.length).toBeGreaterThanOrEqual(5);
  expect(serious(junior)).toEqual([]);
  await expect(ws.rows().filter({ hasText: /假冒商品|虚假宣传/ })).toHaveCount(0);

  expect(await shell.startSignOut()).toBeNull();
  await shell.signIn('arbitrator1', 'gavel-demo-1');
  await shell.open('queue');
  await page.getByTestId('sync-checkout').click();
  await expect.poll(async () => serious(await heldKinds('arbitrator1')).length, { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(() => ws.rows().filter({ hasText: /假冒商品|虚假宣传/ }).count(), { timeout: 60_000 }).toBeGreaterThan(0);

  // The admin asks who would get one of those serious cases.
  const held = await db
    .selectFrom('cases')
    .innerJoin('users', 'users.id', 'cases.assignee_id')
    .select(['cases.external_id', 'cases.kind'])
    .where('users.username', '=', 'arbitrator1')
    .where('cases.kind', 'in', [...SERIOUS_KINDS])
    .limit(1)
    .executeTakeFirstOrThrow();
  expect(await shell.startSignOut()).toBeNull();
  await shell.signIn('admin', 'gavel-demo-admin');
  await expect(shell.navLink('routing')).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('r');
  await expect(page.getByTestId('rt-skills')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('rt-arbitrator')).toHaveCount(4);
  await expect(page.getByTestId('rt-arbitrator').filter({ hasText: 'Arbitrator 4' })).toContainText('初级');
  await page.getByTestId('rt-tester-input').fill(held.external_id);
  await page.getByTestId('rt-tester-ask').click();
  const answer = page.getByTestId('rt-answer');
  await expect(answer).toBeVisible();
  const ruleName = held.kind === 'counterfeit' ? '假冒商品须资深仲裁员' : '虚假宣传须资深仲裁员';
  await expect(answer).toContainText(`适用的规则：${ruleName}`);
  const juniorRow = page.getByTestId('rt-ineligible').getByTestId('rt-candidate').filter({ hasText: 'Arbitrator 4' });
  await expect(juniorRow.getByTestId('rt-reason')).toHaveText([`规则“${ruleName}”要求资深仲裁员`]);
  await expect(page.getByTestId('rt-eligible').getByTestId('rt-candidate').filter({ hasText: 'Arbitrator 1' })).toHaveCount(1);
  await shot(page, 'routing-zh-CN', { fullPage: true });

  await page.evaluate(() => window.gavel!.settings.set({ locale: 'en' }));
  await expect(page.getByTestId('rt-tester-ask')).toHaveText('Check');
  await page.getByTestId('rt-tester-ask').click();
  await expect(juniorRow.getByTestId('rt-reason')).toHaveText([`rule “${ruleName}” needs a senior arbitrator`]);
  await shot(page, 'routing-en', { fullPage: true });
});
