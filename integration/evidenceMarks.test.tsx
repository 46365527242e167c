// @vitest-environment jsdom
/**
 * One judgement (ARCHITECTURE.md, sync principle 7): over generated cases of every kind, the
 * evidence items the viewers mark as anomalous are exactly the items the rules engine's findings
 * point at. Every viewer and the history panes are rendered with the case's findings; the marked
 * items (`data-anomaly`) must equal the union of the findings' refs among the items on screen, and
 * every ref into the evidence tabs must be on screen. A viewer that re-derived a rule would mark
 * something no finding cites (or miss one), and fail here.
 */
import 'fake-indexeddb/auto';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_KINDS, type CaseBundle, type ComplaintKind } from '@common/domain';
import { DEFAULT_POLICY } from '@common/policy';
import { assessCase, type Finding } from '@common/rules';
import { generateBundles } from '../server/demo/bundles';
import { initI18n } from '../src/app/i18n';
import { appDb, GavelDb, setAppDb } from '../src/data/db';
import { partyTimesOf } from '../src/data/rows';
import { ChatViewer, LivestreamViewer, LogisticsViewer, MediaViewer, ReviewViewer } from '../src/features/evidence';
import { HistoryPanes } from '../src/features/history';
import { AnomalyContext, anomaliesOf } from '../src/ui/anomalies';
import { refKey } from '../src/ui/evidenceHighlight';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const PER_KIND = 6;
/** Refs into the history panes, which show a party's last 180 days only: the rest must be on screen. */
const HISTORY_TYPES = new Set(['order', 'party', 'complaint']);

let i18n: Awaited<ReturnType<typeof initI18n>>;
const picked: Array<{ bundle: CaseBundle; findings: Finding[] }> = [];

beforeAll(async () => {
  i18n = await initI18n('en');
  // The history viewer reads the open pair's store, as in the app once someone is signed in.
  setAppDb(new GavelDb('evidence-marks'));
  const left = new Map<ComplaintKind, number>(COMPLAINT_KINDS.map((k) => [k, PER_KIND]));
  for (const { bundle, label } of generateBundles({ cases: 600, seed: 77 })) {
    const n = left.get(bundle.case.kind) ?? 0;
    if (n === 0) continue;
    const a = assessCase(bundle, DEFAULT_POLICY, label.at);
    const findings = [...a.eligibility, ...a.findings];
    // Mostly cases with findings, and one clean case of each kind (nothing may be marked there).
    if (findings.length === 0 && n !== 1) continue;
    left.set(bundle.case.kind, n - 1);
    picked.push({ bundle, findings });
  }
});
afterAll(async () => {
  const db = appDb();
  setAppDb(null);
  db.close();
  await db.delete();
});

async function render(bundle: CaseBundle, findings: Finding[]): Promise<HTMLElement> {
  const db = appDb();
  // The history panes read the parties' orders from the stored bundles that hold them.
  await db.bundles.clear();
  await db.bundles.put({ caseId: bundle.case.id, bundle, findings, eligibility: [], notes: [], serverDecision: null, mediaShas: [], partyTimes: partyTimesOf(bundle.orders) });
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  // eslint-disable-next-line @typescript-eslint/require-await -- async act flushes the effects the render starts
  await act(async () => {
    root.render(
      <I18nextProvider i18n={i18n}>
        <AnomalyContext.Provider value={anomaliesOf(findings, DEFAULT_POLICY)}>
          <LogisticsViewer bundle={bundle} />
          <ReviewViewer bundle={bundle} />
          <LivestreamViewer bundle={bundle} />
          <ChatViewer bundle={bundle} />
          <MediaViewer caseId={bundle.case.id} bundle={bundle} />
          <HistoryPanes bundle={bundle} />
        </AnomalyContext.Provider>
      </I18nextProvider>,
    );
  });
  // The history panes read the parties' orders from IndexedDB (live queries): wait for both.
  for (let i = 0; i < 100 && host.querySelectorAll('[data-testid^=history-scroll] tr[data-ref]').length === 0 && bundle.orders.length > 0; i++)
    await act(() => new Promise((r) => setTimeout(r, 10)));
  await act(() => new Promise((r) => setTimeout(r, 20)));
  (host as HTMLElement & { unmount?: () => void }).unmount = () => {
    act(() => root.unmount());
    host.remove();
  };
  return host;
}

describe('viewers mark exactly what the findings point at', () => {
  it(`on generated cases of every kind (${PER_KIND} each)`, { timeout: 120_000 }, async () => {
    expect(new Set(picked.map((p) => p.bundle.case.kind))).toEqual(new Set(COMPLAINT_KINDS));
    let marked = 0;
    let withFindings = 0;
    for (const { bundle, findings } of picked) {
      const host = await render(bundle, findings);
      try {
        const onScreen = new Set([...host.querySelectorAll('[data-ref]')].map((e) => e.getAttribute('data-ref')!));
        const anomalous = new Set([...host.querySelectorAll('[data-anomaly]')].map((e) => e.getAttribute('data-ref')!));
        const cited = new Set(findings.flatMap((f) => f.refs.map(refKey)));
        const label = `${bundle.case.externalId} (${bundle.case.kind}: ${findings.map((f) => f.code).join(', ') || 'no findings'})`;
        expect([...anomalous].sort(), label).toEqual([...cited].filter((k) => onScreen.has(k)).sort());
        const missing = findings.flatMap((f) => f.refs).filter((r) => !HISTORY_TYPES.has(r.type) && !onScreen.has(refKey(r)));
        expect(missing, `${label}: refs with no item on screen`).toEqual([]);
        // Marks inside text only where a finding points (mark elements live in marked items only).
        for (const m of host.querySelectorAll('mark')) expect(m.closest('[data-anomaly]'), `${label}: a <mark> outside any cited item`).not.toBeNull();
        marked += anomalous.size;
        if (findings.length) withFindings++;
      } finally {
        (host as HTMLElement & { unmount: () => void }).unmount();
      }
    }
    expect(withFindings).toBeGreaterThan(COMPLAINT_KINDS.length * 3);
    expect(marked).toBeGreaterThan(100);
  });
});
