import { expect, test } from '@playwright/test';
import type { EventsResponse } from '../common/api';
import { EVIDENCE_CATEGORY_LABELS, type EvidenceCategory } from '../common/domain';
import { businessDeadline, DEFAULT_POLICY } from '../common/policy';
import { WorkstationPage } from '../testing/pages/WorkstationPage';
import { useServerAndHost } from '../testing/serverAndHost';

/**
 * An evidence request carried from the form to the platform's event feed, through the keyboard
 * only: an escalation sent without a reason says so; the request form names the party, the
 * categories, the deadline as a date and the Chinese text (typing adds to it, never splits it);
 * it syncs, the platform's feed has every field, and the case shows the open request with its
 * countdown. A real server process beside the browser-mode host.
 */

const { host, server } = useServerAndHost('request', 12);

const events = async (base: string): Promise<EventsResponse> => {
  const login = await fetch(new URL('v1/auth/login', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'gavel-demo-admin' }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return (await (await fetch(new URL('v1/events?limit=1000', base), { headers: { authorization: `Bearer ${accessToken}` } })).json()) as EventsResponse;
};

test('an evidence request carried from form to event feed, by keyboard', async ({ browser }) => {
  test.setTimeout(150_000);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const ws = new WorkstationPage(page);
  await page.goto(host().url);
  const signedIn = await page.evaluate(async (u) => {
    await window.gavel!.settings.set({ backendUrl: u });
    return window.gavel!.session.login({ username: 'arbitrator2', password: 'gavel-demo-2' });
  }, server().url);
  expect(signedIn).toMatchObject({ ok: true });
  await page.getByTestId('sync-checkout').click();
  await expect.poll(async () => (await ws.idbAll('cases')).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await page.locator('body').focus();
  await ws.press('Enter');
  const caseId = await ws.openedCaseId();
  const problem = page.getByTestId('action-problem');

  await test.step('an escalation without a reason says so, and Esc closes it', async () => {
    await ws.press('Shift+E');
    await expect(page.getByTestId('escalate-form')).toBeVisible();
    await ws.press('Control+Enter');
    await expect(problem).toHaveText('请选择升级原因，否则无法升级');
    await expect(page.getByTestId('escalation-suspected_fraud_ring')).toBeFocused();
    await ws.press('Escape');
    await expect(page.getByTestId('escalate-form')).toHaveCount(0);
    await expect(ws.caseView()).toHaveAttribute('data-case-id', caseId);
  });

  const form = page.getByTestId('request-form');
  const text = page.getByTestId('action-text');
  let picked: EvidenceCategory[] = [];
  await test.step('the request form: party by role, categories, deadline as a date, Chinese text', async () => {
    await ws.press('Shift+Q');
    await expect(form).toBeVisible();
    await expect(page.getByTestId('request-from-complainant')).toBeFocused();
    // Nothing chosen yet: sending says what is missing.
    await ws.press('Control+Enter');
    await expect(problem.first()).toHaveText('请选择向谁要求补充证据');
    // Arrow keys pick the party (the respondent), Tab moves to the categories, Space ticks them.
    await ws.press('ArrowDown');
    await expect(page.getByTestId('request-from-respondent')).toBeChecked();
    await ws.press('Tab', 'Space', 'Tab', 'Space');
    const boxes = form.locator('input[type="checkbox"]:checked');
    await expect(boxes).toHaveCount(2);
    picked = (await boxes.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))).map((id) => id.replace('request-category-', '') as EvidenceCategory);
    const due = businessDeadline(Date.now(), DEFAULT_POLICY.sla.merchantAnswerBusinessDays);
    await expect(page.getByTestId('request-due')).toHaveAttribute('data-due-at', due.toISOString());
    await expect(page.getByTestId('request-due')).toContainText(`${DEFAULT_POLICY.sla.merchantAnswerBusinessDays} 个工作日`);
    const generated = await text.inputValue();
    expect(generated).toMatch(/^请(商家|买家|带货者)于\d+月\d+日（周.）24:00前补充以下材料：/);
    for (const c of picked) expect(generated).toContain(EVIDENCE_CATEGORY_LABELS[c].zh);
    // Tab on to the text and type: the words go after the generated sentence, not into it.
    for (let i = 0; i < 8 && !(await text.evaluate((el) => el === document.activeElement)); i++) await ws.press('Tab');
    await expect(text).toBeFocused();
    await page.keyboard.type('请一并提供快递单号。');
    await expect(text).toHaveValue(`${generated}请一并提供快递单号。`);
    await ws.press('Escape');
    await expect(text).not.toBeFocused();
    await form.screenshot({ path: 'test-results/evidence-request-form.png' });
  });

  const sent = await text.inputValue();
  await test.step('sent, synced, and on the platform’s event feed with every field', async () => {
    await ws.press('Control+Enter');
    await expect(ws.caseView()).not.toHaveAttribute('data-case-id', caseId, { timeout: 10_000 });
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0', { timeout: 60_000 });
    const feed = await events(server().url);
    const ev = feed.events.find((e) => e.caseId === caseId && e.type === 'evidence_requested');
    expect(ev?.evidenceRequest).toMatchObject({ from: 'respondent', categories: picked, request: sent });
    // The server's deadline: the policy's business days from when it applied the request.
    expect(Date.parse(ev!.evidenceRequest!.dueAt)).toBe(businessDeadline(Date.parse(ev!.at), DEFAULT_POLICY.sla.merchantAnswerBusinessDays).getTime());
  });

  await test.step('the case shows the open request with its countdown', async () => {
    await expect.poll(async () => (await ws.idbAll<{ caseId: string; evidenceRequest?: unknown }>('bundles')).find((b) => b.caseId === caseId)?.evidenceRequest ?? null, { timeout: 60_000 }).not.toBeNull();
    await ws.press('k');
    await expect(ws.caseView()).toHaveAttribute('data-case-id', caseId);
    const open = page.getByTestId('open-request');
    await expect(open).toBeVisible();
    await expect(page.getByTestId('open-request-countdown')).toContainText(/剩余 \d+ 天 \d+ 小时 \d+ 分/);
    await expect(open).toContainText('请一并提供快递单号。');
    // Synced: the deadline shown is the server's, and nothing says it is waiting.
    await expect(page.getByTestId('open-request-pending')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/evidence-request-open.png' });
  });
  await context.close();
});
