import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CaseBundleSchema, type CaseBundleInput, type ComplaintKind } from '../common/domain';
import { renderSnippet, snippetVars } from '../common/rules';
import { cleanBundleInput, iso } from '../testing/fixtures/bundles';
import { WorkstationPage } from '../testing/pages/WorkstationPage';
import { useServerAndHost } from '../testing/serverAndHost';

/**
 * Note snippets end to end, against a real backend: a supervisor edits a snippet in Settings; an
 * arbitrator's desk pulls it, inserts it by key into the note with the case's own parties, order
 * and amount; and a note that is only that snippet, against a critical finding, is refused until
 * the arbitrator adds words of their own.
 */
const root = path.resolve(import.meta.dirname, '..');
/** GAVEL_SHOTS=<dir> keeps the screenshots taken on the way. */
const shots = process.env.GAVEL_SHOTS ?? path.join(root, 'test-results', 'note-snippets');

/** Picked up after the promised ship-by time: SHIP_TIMEOUT, a critical finding a rejection goes against. */
function lateCase(): CaseBundleInput {
  const b = cleanBundleInput();
  b.case.id = 'snip-late';
  b.case.externalId = 'EXT-SNIP-1';
  b.case.priority = 'urgent';
  b.case.dueAt = iso(Date.now() + 6 * 3_600_000);
  b.traces![0]!.events[1]!.at = '2026-03-04T10:00:00+08:00';
  return b;
}

const EDITED = '经核查，{{buyer}}就订单 {{orderId}}（{{amount}}）的投诉证据不足，{{merchant}}无需赔付。';

const { host, server } = useServerAndHost('snip', 0);
test.beforeEach(() => {
  mkdirSync(shots, { recursive: true });
});

/** Signs in on a fresh context: each context needs its own one-time launch link. */
async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(host().launchUrl());
  const res = await page.evaluate(
    async ([url, u, p]) => {
      await window.gavel!.settings.set({ backendUrl: url, locale: 'zh-CN' });
      return window.gavel!.session.login({ username: u!, password: p! });
    },
    [server().url, username, password],
  );
  expect(res).toMatchObject({ ok: true });
  await page.reload();
  await page.getByTestId('app-name').waitFor();
}

test('a supervisor edits a snippet; an arbitrator inserts it by key, filled from the case, and must still add own words', async ({ browser }) => {
  test.setTimeout(150_000);
  const login = await fetch(new URL('v1/auth/login', server().url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'gavel-demo-admin' }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const bundle = lateCase();
  const imported = await fetch(new URL('v1/import', server().url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: JSON.stringify([bundle]) });
  expect(imported.status, await imported.clone().text()).toBe(200);

  await test.step('the supervisor rewrites an every-kind snippet; a typo in a variable is named before saving', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await signIn(page, 'supervisor1', 'gavel-demo-supervisor');
    await page.getByTestId('nav-settings').click();
    const row = page.locator('[data-testid="snippet-row"][data-snippet-id="any-rejected-1"]');
    await expect(row).toBeVisible({ timeout: 30_000 });
    await row.getByTestId('snippet-edit').click();
    await page.getByTestId('snippet-text').fill('{{buyr}}的投诉证据不足。');
    await expect(page.getByTestId('snippet-problem')).toHaveText('内容里的 {{buyr}} 不是可用的变量');
    await expect(page.getByTestId('snippet-save')).toBeDisabled();
    await page.getByTestId('snippet-text').fill(EDITED);
    await expect(page.getByTestId('snippet-problem')).toHaveCount(0);
    await page.getByTestId('snippet-editor').screenshot({ path: path.join(shots, 'snippet-editor-zh-CN.png') });
    await page.getByTestId('snippet-save').click();
    await expect(row).toContainText(EDITED);
    await page.context().close();
  });

  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  const ws = new WorkstationPage(page);
  await signIn(page, 'arbitrator1', 'gavel-demo-1');
  await page.getByTestId('sync-checkout').click();
  await expect.poll(async () => (await ws.idbAll<{ externalId: string }>('cases')).map((c) => c.externalId), { timeout: 60_000 }).toContain('EXT-SNIP-1');
  await expect.poll(async () => (await ws.idbAll<{ id: string; text: string }>('snippets')).find((s) => s.id === 'any-rejected-1')?.text, { timeout: 30_000 }).toBe(EDITED);

  const note = page.getByTestId('decision-note');
  const expected = renderSnippet(EDITED, snippetVars(CaseBundleSchema.parse(bundle)));
  await test.step('the arbitrator inserts it by key: the case’s buyer, order, amount and merchant fill it', async () => {
    await page.locator('body').focus();
    await ws.press('Enter');
    await expect(ws.caseView()).toHaveAttribute('data-kind', 'late_shipment');
    const { reason, remedy } = WorkstationPage.rejectKeys((await ws.kind()) as ComplaintKind);
    await ws.press('n', 'd', reason, remedy, 't');
    await expect(note).toHaveValue(expected);
    expect(expected).toBe('经核查，张伟就订单 o1（¥99.00）的投诉证据不足，暖羊羊旗舰店无需赔付。');
    await expect(page.getByTestId('snippets')).toContainText('证据不足');
  });

  await test.step('a note that is only the snippet does not pass against the critical finding; own words do', async () => {
    const id = await ws.openedCaseId();
    await ws.press('Control+Enter');
    await expect(page.getByTestId('decision-panel')).toContainText('备注需要在备注片段之外写出您自己的理由');
    await expect(ws.caseView()).toHaveAttribute('data-case-id', id);
    await page.getByTestId('decision-panel').screenshot({ path: path.join(shots, 'snippet-inserted-zh-CN.png') });
    await ws.press('m');
    await page.keyboard.type('台风导致快递网点停运三天，有官方通告。');
    await ws.press('Escape', 'Control+Enter');
    await expect(ws.caseView()).toHaveCount(0);
    // The server took it (it re-checks the note against the kind's snippets too), with both parts of the note.
    await expect
      .poll(async () => {
        const res = await fetch(new URL('v1/events?limit=100', server().url), { headers: { authorization: `Bearer ${accessToken}` } });
        const { events } = (await res.json()) as { events: Array<{ type: string; caseId: string; decision: { note: string } | null }> };
        return events.find((e) => e.type === 'decided' && e.caseId === id)?.decision?.note ?? '';
      }, { timeout: 30_000 })
      .toContain('台风导致快递网点停运三天');
    await expect(page.getByTestId('queue-row').first()).toContainText('已裁决');
  });
});
