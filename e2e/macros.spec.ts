import { expect, test } from '@playwright/test';
import { CaseBundleSchema, type CaseBundleInput } from '../common/domain';
import { renderSnippet, snippetVars } from '../common/rules';
import { DEFAULT_MACROS } from '../server/db/defaultMacros';
import { cleanBundleInput, iso } from '../testing/fixtures/bundles';
import { openApp, useServerAndHost } from '../testing/serverAndHost';
import { shot } from '../testing/shots';

/**
 * A macro applied by key, against a real backend: the arbitrator's desk pulls the shared macros,
 * the decision panel lists the case kind's macros with their keys, Alt+1 fills the whole form
 * (verdict, reasons, remedies, the note with the case's own values) without committing, and the
 * commit key records exactly that decision on the server. Set GAVEL_SHOTS to keep screenshots.
 */
const { host, server } = useServerAndHost('macros', 0);

/** Picked up after the promised ship-by time: SHIP_TIMEOUT, a critical finding that supports the complaint (the findings point one way). */
function lateCase(): CaseBundleInput {
  const b = cleanBundleInput();
  b.case.id = 'macro-late';
  b.case.externalId = 'EXT-MACRO-1';
  b.case.priority = 'urgent';
  b.case.dueAt = iso(Date.now() + 6 * 3_600_000);
  b.traces![0]!.events[1]!.at = '2026-03-04T10:00:00+08:00';
  return b;
}

test('a macro applied by key fills the form; the commit key records it', async ({ browser }) => {
  test.setTimeout(150_000);
  const login = await fetch(new URL('v1/auth/login', server().url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'gavel-demo-admin' }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const bundle = lateCase();
  const imported = await fetch(new URL('v1/import', server().url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: JSON.stringify([bundle]) });
  expect(imported.status, await imported.clone().text()).toBe(200);

  const { page, shell, ws } = await openApp(browser, host(), server());
  await shell.signIn('arbitrator1', 'gavel-demo-1');
  await shell.open('queue');
  await page.getByTestId('sync-checkout').click();
  await expect.poll(async () => (await ws.idbAll<{ externalId: string }>('cases')).map((c) => c.externalId), { timeout: 60_000 }).toContain('EXT-MACRO-1');
  await expect.poll(async () => (await ws.idbAll<{ id: string }>('macros')).length, { timeout: 30_000 }).toBe(DEFAULT_MACROS.length);

  const macro = DEFAULT_MACROS.find((m) => m.id === 'm-ls-late')!;
  const note = renderSnippet(macro.note, snippetVars(CaseBundleSchema.parse(bundle)));
  await page.getByTestId('queue-body').focus();
  await ws.press('Enter');
  await expect(ws.caseView()).toHaveAttribute('data-kind', 'late_shipment');
  const id = await ws.openedCaseId();

  await test.step('the panel lists the kind’s macros with their keys, read from the keymap', async () => {
    const first = page.getByTestId('macro').first();
    await expect(first).toHaveAttribute('data-macro-id', 'm-ls-late');
    await expect(first).toContainText('Alt+1');
    await expect(first).toContainText('超时发货·轨迹为证→退款并警告');
    await expect(page.getByTestId('macro')).toHaveCount(DEFAULT_MACROS.filter((m) => m.kind === 'late_shipment').length);
  });

  await test.step('Alt+1 fills verdict, reasons, remedies and the note, and commits nothing', async () => {
    await ws.press('Alt+1');
    await expect(page.getByTestId('verdict-upheld')).toHaveAttribute('aria-pressed', 'true');
    const panel = page.getByTestId('decision-panel');
    await expect(panel.getByRole('checkbox', { name: '超时发货', exact: false }).first()).toBeChecked();
    await expect(page.getByTestId('decision-note')).toHaveValue(note);
    expect(note).toBe('订单 o1 超过承诺发货时间才揽收，暖羊羊旗舰店超时发货。');
    await expect(page.getByTestId('decision-message')).toContainText('已套用宏');
    // Pressed again it sets the same values: nothing toggles off, the note is not doubled.
    await ws.press('Alt+1');
    await expect(page.getByTestId('verdict-upheld')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('decision-note')).toHaveValue(note);
    // Still open: a macro never commits.
    await expect(ws.caseView()).toHaveAttribute('data-case-id', id);
    await expect(page.getByTestId('sync-pending')).toHaveAttribute('data-count', '0');
    await shot(page, 'macro-applied-zh-CN');
  });

  if (process.env.GAVEL_SHOTS)
    await test.step('screenshots: the filled panel in English, and the macro editor in both languages', async () => {
      await shell.chooseLanguage('English');
      await page.getByTestId('macro-new').click();
      await page.getByTestId('macro-action').selectOption('request_evidence');
      await shot(page, 'macro-editor-en', { fullPage: true });
      await shell.open('queue');
      await page.getByTestId('queue-body').focus();
      await ws.press('Enter');
      await expect(page.getByTestId('decision-note')).toHaveValue(note);
      await shot(page, 'macro-applied-en');
      await shell.chooseLanguage('简体中文');
      await page.getByTestId('macro-new').click();
      await page.getByTestId('macro-action').selectOption('request_evidence');
      await shot(page, 'macro-editor-zh-CN', { fullPage: true });
      await shell.open('queue');
      await page.getByTestId('queue-body').focus();
      await ws.press('Enter');
      await expect(ws.caseView()).toHaveAttribute('data-case-id', id);
    });

  await test.step('the commit key records the macro’s decision; the server has it', async () => {
    await ws.press('Control+Enter');
    // The only case: decided, the desk goes back to the queue.
    await expect(ws.caseView()).toHaveCount(0, { timeout: 10_000 });
    await expect
      .poll(
        async () => {
          const res = await fetch(new URL('v1/events?limit=100', server().url), { headers: { authorization: `Bearer ${accessToken}` } });
          const { events } = (await res.json()) as { events: Array<{ type: string; caseId: string; decision: { verdict: string; reasonCodes: string[]; remedies: string[]; note: string } | null }> };
          return events.find((e) => e.type === 'decided' && e.caseId === id)?.decision ?? null;
        },
        { timeout: 30_000 },
      )
      .toEqual(expect.objectContaining({ verdict: 'upheld', reasonCodes: macro.reasonCodes, remedies: macro.remedies, note }));
  });
});
