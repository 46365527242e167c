import { expect, test } from '@playwright/test';
import type { CaseView, QaRecordsResponse } from '../common/api';
import { VERDICT_LABELS } from '../common/domain';
import { DEFAULT_POLICY } from '../common/policy';
import { reasonKey, remedyFor, remedyKey } from '../testing/decisionKeys';
import { cleanBundleInput } from '../testing/fixtures/bundles';
import { openApp, useServerAndHost } from '../testing/serverAndHost';
import { shot } from '../testing/shots';

/**
 * The precedent panel and its hint: six cases like one (same parties, same address) were rejected by
 * another arbitrator; opening the seventh shows them with their verdict bar, ⇧P opens the best one
 * read-only, choosing to uphold shows the hint in words, committing is not blocked, and the server
 * records that the hint was shown (read back through the QA records API).
 * Set GAVEL_SHOTS to a folder to save screenshots of the panel (zh-CN and en).
 */
const { host, server } = useServerAndHost('precedents', 0);

async function token(username: string, password: string): Promise<string> {
  const r = await server().app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });
  return r.json<{ accessToken: string }>().accessToken;
}
async function api<T>(bearer: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<T> {
  const r = await server().app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r.json<T>();
}

test('the precedent panel, its read-only view and the hint before commit, recorded for QA', async ({ browser }) => {
  test.setTimeout(180_000);
  // Seven copies of one case; the six urgent ones are claimed first and rejected by arbitrator2.
  const admin = await token('admin', 'gavel-demo-admin');
  const bundles = Array.from({ length: 7 }, (_, i) => {
    const b = cleanBundleInput();
    b.case.id = `prec-${i + 1}`;
    b.case.externalId = `EXT-PREC-${i + 1}`;
    b.case.priority = i < 6 ? 'urgent' : 'low';
    return b;
  });
  await api(admin, 'POST', '/v1/import', bundles);
  const arb2 = await token('arbitrator2', 'gavel-demo-2');
  const held = (await api<{ cases: CaseView[] }>(arb2, 'POST', '/v1/claims', { count: 6 })).cases;
  expect(held.map((c) => c.externalId).sort()).toEqual(bundles.slice(0, 6).map((b) => b.case.externalId).sort());
  const kind = held[0]!.kind;
  const rc = DEFAULT_POLICY.reasonCodes[kind].find((r) => r.verdicts.includes('rejected'))!;
  const mutations = held.map((c, i) => ({
    clientId: `prec-m-${i}`,
    type: 'decide',
    caseId: c.id,
    decision: { verdict: 'rejected', remedies: ['no_action'], reasonCodes: [rc.code], note: '证据不足，驳回\n第二行', citedEvidence: [], decidedAt: new Date().toISOString(), policyVersion: c.policyVersion },
  }));
  const pushed = await api<{ results: Array<{ status: string }> }>(arb2, 'POST', '/v1/sync/push', { mutations });
  expect(pushed.results.map((r) => r.status)).toEqual(Array(6).fill('applied'));

  const { page, shell, ws } = await openApp(browser, host(), server());
  await shell.signIn('arbitrator1', 'gavel-demo-1');
  await shell.open('queue');
  await page.getByTestId('sync-checkout').click();
  await expect.poll(() => ws.rows().count(), { timeout: 60_000 }).toBe(1);
  await page.getByTestId('queue-body').focus();
  await ws.press('Enter');
  await expect(ws.caseView()).toHaveAttribute('data-kind', kind);

  // The panel: six precedents, all rejected, shown as one bar segment and a list, with why in words.
  const panel = page.getByTestId('precedents');
  await expect(panel).toHaveAttribute('data-state', 'fresh', { timeout: 30_000 });
  await expect(panel.getByTestId('precedent')).toHaveCount(6);
  await expect(panel.getByTestId('precedents-bar').locator('[data-verdict="rejected"]')).toHaveAttribute('data-count', '6');
  await expect(panel.getByTestId('precedent').first()).toContainText(VERDICT_LABELS.rejected.zh);
  await expect(panel.getByTestId('precedent').first()).toContainText('证据不足，驳回');
  await expect(panel.getByTestId('precedent').first()).not.toContainText('第二行');
  await expect(panel.getByTestId('precedent').first()).toContainText('同一收货地址');
  await shot(page, 'precedents-panel-zh-CN');

  // ⇧P opens the most similar one read-only; Esc closes it and leaves the case open.
  await ws.press('Shift+P');
  const dialog = page.getByTestId('precedent-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('只读');
  await expect(dialog).toContainText(rc.zh);
  await shot(page, 'precedents-dialog-zh-CN');
  await ws.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(ws.caseView()).toBeVisible();

  // Choosing the opposite verdict shows the hint; it does not block the commit.
  const hint = page.getByTestId('precedent-hint');
  await expect(hint).toHaveCount(0);
  await ws.press('y');
  await expect(hint).toContainText(`6 个相近案件中有 6 个裁决为“${VERDICT_LABELS.rejected.zh}”`);
  await shot(page, 'precedents-hint-zh-CN');
  await page.evaluate(() => window.gavel!.settings.set({ locale: 'en', theme: 'light' }));
  await expect(hint).toContainText('6 of 6 close cases were decided “Rejected”');
  await shot(page, 'precedents-hint-en');
  const caseId = await ws.openedCaseId();
  await ws.press('d', reasonKey(kind, 'upheld'), remedyKey(remedyFor(kind, 'upheld')), 'Control+Enter');
  // It was the only open case: committing leaves no next one to open.
  await expect(ws.caseView()).toHaveCount(0, { timeout: 10_000 });

  // Recorded once synced: on the case row, and for QA per decision.
  const row = () => server().app.gavel.deps.db.selectFrom('cases').select(['status', 'precedent_hint_shown']).where('id', '=', caseId).executeTakeFirstOrThrow();
  await expect.poll(row, { timeout: 30_000 }).toEqual({ status: 'decided', precedent_hint_shown: true });
  const sup = await token('supervisor1', 'gavel-demo-supervisor');
  const records = await api<QaRecordsResponse>(sup, 'GET', '/v1/qa/records?limit=50');
  expect(records.decisions.find((d) => d.caseId === caseId)).toMatchObject({ verdict: 'upheld', precedentHint: true });
  expect(records.decisions.filter((d) => d.caseId !== caseId).map((d) => d.precedentHint ?? null)).toEqual(Array(6).fill(null));
});
