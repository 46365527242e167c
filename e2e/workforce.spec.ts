import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { WorkforceViewSchema, type CaseView } from '../common/api';
import { WorkforcePage } from '../testing/pages/WorkforcePage';
import { openApp, useServerAndHost } from '../testing/serverAndHost';
import { shot } from '../testing/shots';

/**
 * Reassigning from the workforce view: arbitrator 1 claims three cases through the API; the
 * supervisor opens the workforce view (g w) in the browser-mode app, sees them under arbitrator 1
 * with time left, and reassigns one to arbitrator 2 after confirming. The page words the result per
 * case; the server has the audit row, arbitrator 2 now holds the case and arbitrator 1 no longer
 * sees it. Set GAVEL_SHOTS to a folder to save the page in zh-CN and en.
 */
const { host, server } = useServerAndHost('workforce', 40);

async function api<T>(method: 'GET' | 'POST', url: string, token: string | null, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${server().url}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as T };
}
const login = async (username: string, password: string) => (await api<{ accessToken: string }>('POST', '/v1/auth/login', null, { username, password })).json.accessToken;

test('reassigning from the workforce view', async ({ browser }) => {
  test.setTimeout(180_000);
  const a = await login('arbitrator1', 'gavel-demo-1');
  const b = await login('arbitrator2', 'gavel-demo-2');
  const sup = await login('supervisor1', 'gavel-demo-supervisor');
  const claimed = await api<{ cases: CaseView[] }>('POST', '/v1/claims', a, { count: 3, mode: 'online' });
  expect(claimed.status).toBe(200);
  expect(claimed.json.cases).toHaveLength(3);
  const [moved, ...kept] = claimed.json.cases as [CaseView, ...CaseView[]];
  // Arbitrators are refused the view itself.
  expect((await api('GET', '/v1/workforce', a)).status).toBe(403);

  const { page, shell } = await openApp(browser, host(), server(), { width: 1440, height: 1000 });
  const wf = new WorkforcePage(page);
  await shell.signIn('supervisor1', 'gavel-demo-supervisor');
  await expect(shell.navLink('workforce')).toBeVisible();
  // The go-to key: G, then W.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('g');
  await page.keyboard.press('w');
  await expect(wf.root).toBeVisible();
  await wf.loaded();

  const arb1 = '李娜 (Arbitrator 1)';
  const arb2 = '王伟 (Arbitrator 2)';
  await expect(wf.member(arb1).getByTestId('wf-held')).toHaveAttribute('data-count', '3');
  await expect(wf.member(arb1)).toContainText(/剩 \d/);
  await expect(wf.holdingsOf(arb1)).toHaveCount(3);
  await expect(wf.member(arb2).getByTestId('wf-held')).toHaveAttribute('data-count', '0');

  await wf.reassign([moved.externalId], arb2);
  const result = wf.results.getByTestId('wf-result');
  await expect(result).toHaveCount(1);
  await expect(result).toHaveAttribute('data-outcome', 'done');
  await expect(result).toContainText(`${moved.externalId} 已从 ${arb1} 改派给 ${arb2}`);
  // The page read the figures again: two left with arbitrator 1, one with arbitrator 2.
  await expect(wf.holdingsOf(arb1)).toHaveCount(2);
  await expect(wf.holdingsOf(arb2)).toHaveCount(1);
  await expect(wf.holdingsOf(arb2)).toHaveAttribute('data-external-id', moved.externalId);
  await shot(page, 'workforce-zh-CN', { fullPage: true });
  const { violations } = await new AxeBuilder({ page }).include('[data-testid="workforce-page"]').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // The audit row: who moved it, from whom, to whom.
  const db = server().app.gavel.deps.db;
  const [ua, ub, us] = await Promise.all(['arbitrator1', 'arbitrator2', 'supervisor1'].map((u) => db.selectFrom('users').select('id').where('username', '=', u).executeTakeFirstOrThrow()));
  const audit = await db.selectFrom('audit_log').select(['actor_id', 'case_id', 'before', 'after']).where('action', '=', 'workforce.reassign').execute();
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ actor_id: us!.id, case_id: moved.id, before: { assigneeId: ua!.id }, after: { assigneeId: ub!.id, leased: true } });
  // Arbitrator 2 holds it (the case is theirs to read); arbitrator 1 no longer can, and keeps the other two.
  const asB = await api<CaseView>('GET', `/v1/cases/${encodeURIComponent(moved.id)}`, b);
  expect(asB.status).toBe(200);
  expect(asB.json.claim).toMatchObject({ arbitratorId: ub!.id, active: true });
  expect((await api('GET', `/v1/cases/${encodeURIComponent(moved.id)}`, a)).status).not.toBe(200);
  const view = WorkforceViewSchema.parse((await api('GET', '/v1/workforce', sup)).json);
  expect(view.members.find((m) => m.userId === ub!.id)?.holdings.map((h) => h.caseId)).toEqual([moved.id]);
  expect(view.members.find((m) => m.userId === ua!.id)?.holdings.map((h) => h.caseId).sort()).toEqual(kept.map((c) => c.id).sort());

  // The same page in English.
  await shell.chooseLanguage('English');
  await shell.open('workforce');
  await wf.loaded();
  await expect(wf.root.getByRole('heading', { level: 1 })).toHaveText('Workforce');
  await shot(page, 'workforce-en', { fullPage: true });
});
