import { expect, test } from '@playwright/test';
import { REMEDY_LABELS, VERDICT_LABELS, type ComplaintKind } from '../common/domain';
import { DEFAULT_POLICY } from '../common/policy';
import { openApp, useServerAndHost } from '../testing/serverAndHost';
import { shot } from '../testing/shots';

/**
 * The timeline of a case that went through appeal: an arbitrator rejects a case in the browser-mode
 * app; the platform appeals it; another arbitrator claims the appeal and decides it again (through the
 * API, as their own client would). Signed in as that second arbitrator, the case's timeline tab lists
 * every event in order, who by name and when, and what was decided, in zh-CN and then in en.
 * Set GAVEL_SHOTS to a folder to save screenshots of the tab.
 */
const { host, server } = useServerAndHost('timeline', 30);

async function api(method: 'GET' | 'POST', url: string, token: string | null, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await res.json();
  expect(res.ok, JSON.stringify(json)).toBe(true);
  return json;
}
const login = async (username: string, password: string) => ((await api('POST', `${server().url}/v1/auth/login`, null, { username, password })) as { accessToken: string }).accessToken;

test('the timeline of a case that went through appeal', async ({ browser }) => {
  test.setTimeout(180_000);
  const { page, shell, ws } = await openApp(browser, host(), server());

  // Arbitrator 1 rejects the first case of the queue; it reaches the server.
  await shell.signIn('arbitrator1', 'gavel-demo-1');
  await shell.open('queue');
  await page.getByTestId('sync-checkout').click();
  await expect.poll(() => ws.rows().count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await page.getByTestId('queue-body').focus();
  await ws.press('Enter');
  const kind = (await ws.kind()) as ComplaintKind;
  const caseId = await ws.rejectOpenedCase('首次裁决：证据不足');
  await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 30_000 });
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });

  // The platform appeals; arbitrator 2 claims the appeal and decides it again.
  const db = server().app.gavel.deps.db;
  const { external_id: externalId, priority } = await db.selectFrom('cases').select(['external_id', 'priority']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const appealReason = '商家认为物流证据未被采纳';
  await api('POST', `${server().url}/v1/platform/cases/${encodeURIComponent(externalId)}/appeal`, await login('admin', 'gavel-demo-admin'), { byId: 'merchant', reason: appealReason });
  const arb2 = await login('arbitrator2', 'gavel-demo-2');
  // The demo data may hold other appeals: this one is put first so the claim takes it, then put back.
  await db.updateTable('cases').set({ priority: 99 }).where('id', '=', caseId).execute();
  const claimed = (await api('POST', `${server().url}/v1/claims`, arb2, { count: 1, queue: 'appeals' })) as { cases: Array<{ id: string; policyVersion: string }> };
  await db.updateTable('cases').set({ priority }).where('id', '=', caseId).execute();
  expect(claimed.cases.map((c) => c.id)).toEqual([caseId]);
  const reason = DEFAULT_POLICY.reasonCodes[kind].find((r) => r.verdicts.includes('upheld'))!;
  const remedy = DEFAULT_POLICY.remediesByKind[kind].find((r) => r !== 'no_action')!;
  const decision = { verdict: 'upheld', remedies: [remedy], reasonCodes: [reason.code], note: '复核后支持投诉', citedEvidence: [], decidedAt: new Date().toISOString(), policyVersion: claimed.cases[0]!.policyVersion };
  const pushed = (await api('POST', `${server().url}/v1/sync/push`, arb2, { mutations: [{ clientId: 'timeline-redecide', type: 'decide', caseId, decision }] })) as { results: Array<{ status: string }> };
  expect(pushed.results[0], JSON.stringify(pushed.results[0])).toMatchObject({ status: 'applied' });

  // Arbitrator 2, who holds the case now, opens its timeline in the app.
  expect(await shell.startSignOut()).toBeNull();
  await shell.signIn('arbitrator2', 'gavel-demo-2');
  await shell.open('queue');
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  await page.evaluate((id) => (window.location.hash = `#/queue/case/${id}`), caseId);
  expect(await ws.openedCaseId()).toBe(caseId);
  // `]` walks the tabs with something in them; the timeline is the last, and never empty.
  await page.getByTestId('tab-history').click();
  await ws.press(']');
  await expect(page.getByTestId('tab-timeline')).toHaveAttribute('aria-selected', 'true');
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });

  const rows = await db.selectFrom('changes').select(['type', 'at']).where('case_id', '=', caseId).where('type', 'in', ['imported', 'claimed', 'decided', 'appealed']).orderBy('seq').execute();
  const expected = (lang: 'zh' | 'en') => {
    const zh = lang === 'zh';
    const arb1 = zh ? '李娜 (Arbitrator 1)（仲裁员）' : '李娜 (Arbitrator 1) (arbitrator)';
    const arb2Name = zh ? '王伟 (Arbitrator 2)（仲裁员）' : '王伟 (Arbitrator 2) (arbitrator)';
    return [
      ['imported', zh ? '案件导入' : 'Imported', zh ? '平台' : 'The platform'],
      ['assessed', zh ? '规则评估' : 'Assessed by the rules', zh ? '系统自动' : 'Gavel, automatically'],
      ['claimed', zh ? '领取案件' : 'Claimed', arb1],
      ['decided', zh ? '作出裁决' : 'Decided', arb1],
      ['appealed', zh ? '提起申诉' : 'Appealed', zh ? '平台' : 'The platform'],
      ['claimed', zh ? '领取案件' : 'Claimed', arb2Name],
      ['decided', zh ? '作出裁决' : 'Decided', arb2Name],
    ];
  };
  const when = (iso: Date, lang: string) =>
    new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: lang === 'en' ? 'short' : '2-digit', day: lang === 'en' ? 'numeric' : '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(iso);

  for (const lang of ['zh', 'en'] as const) {
    if (lang === 'en') {
      await page.evaluate(() => window.gavel!.settings.set({ locale: 'en' }));
      await expect(page.getByTestId('tab-timeline')).toHaveText('Timeline');
    } else await expect(page.getByTestId('tab-timeline')).toHaveText('时间线');
    const events = timeline.getByTestId('timeline-event');
    const want = expected(lang);
    await expect(events).toHaveCount(want.length);
    expect(await events.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(want.map((w) => w[0]));
    await expect(events.getByTestId('timeline-what')).toHaveText(want.map((w) => w[1]!));
    await expect(events.getByTestId('timeline-who')).toHaveText(want.map((w) => w[2]!));
    // When: each event's own time from the change log, in the language's one date style.
    const times = [rows[0]!.at, rows[0]!.at, ...rows.slice(1).map((r) => r.at)].map((at) => when(new Date(at), lang));
    await expect(events.getByTestId('timeline-when')).toHaveText(times);
    // What: the verdicts, the remedy and the appeal's words, by label.
    const l = lang === 'zh' ? 'zh' : 'en';
    await expect(events.nth(3)).toContainText(VERDICT_LABELS.rejected[l]);
    await expect(events.nth(3)).toContainText(REMEDY_LABELS.no_action[l]);
    await expect(events.nth(4)).toContainText(appealReason);
    await expect(events.nth(6)).toContainText(VERDICT_LABELS.upheld[l]);
    await expect(events.nth(6)).toContainText(reason[l]);
    await expect(events.nth(6)).toContainText(REMEDY_LABELS[remedy][l]);
    const text = await timeline.innerText();
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    expect(text).not.toMatch(/\b[a-z]+(?:_[a-z]+)+\b/);
    await shot(page, `case-timeline-${lang === 'zh' ? 'zh-CN' : 'en'}`);
  }
});
