// @vitest-environment jsdom
/**
 * QaDashboard in jsdom: summary, drill-down from the data tables, open-case callback and the two
 * exports. jsdom has no layout, so the SVG charts render empty (ResizeObserver is a no-op stand-in
 * for the browser's) and downloads stop at the <a download> click: the browser saving the file is
 * the boundary. The charts themselves are checked on screen (docs/screenshots/qa-dashboard-fixture.png).
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateQaFixture } from '../../../../testing/fixtures/qa';
import { parseCalibrationPack } from '@common/qa';
import { initI18n } from '../../../app/i18n';
import { QaDashboard } from './QaDashboard';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

const fixture = generateQaFixture({ seed: 11, end: '2026-11-23T09:00:00+08:00', weeks: 4, perWeek: 60 });
let root: Root;
let host: HTMLDivElement;
let i18n: Awaited<ReturnType<typeof initI18n>>;

beforeAll(async () => {
  i18n = await initI18n('en');
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  vi.restoreAllMocks();
});

function render(onOpenCase: (id: string) => void) {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  act(() =>
    root.render(
      <I18nextProvider i18n={i18n}>
        <QaDashboard
          pairs={fixture.pairs}
          decisions={fixture.decisions}
          onOpenCase={onOpenCase}
          now={() => new Date('2026-11-23T01:30:00Z')}
        />
      </I18nextProvider>,
    ),
  );
}

const byTestId = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const buttonIn = (el: ParentNode | null, name: string) =>
  [...(el?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim().startsWith(name)) ?? null;

describe('QaDashboard', () => {
  it('shows the summary and a captioned figure per chart', () => {
    render(() => {});
    const reviewed = fixture.pairs.filter((p) => !p.golden).length;
    expect(host.textContent).toContain('Re-reviewed');
    expect(host.textContent).toContain(String(reviewed));
    const figures = host.querySelectorAll('figure[aria-describedby]');
    expect(figures.length).toBe(6);
    for (const f of figures)
      expect(
        document.getElementById(f.getAttribute('aria-describedby')!)?.textContent?.length,
      ).toBeGreaterThan(10);
  });

  it('drills from an arbitrator row to that arbitrator’s re-reviews and opens a case', () => {
    const onOpen = vi.fn();
    render(onOpen);
    const forest = byTestId('qa-forest-arbitrator');
    const firstRow = forest?.querySelector('tbody tr');
    const name = firstRow?.querySelector('th')?.textContent ?? '';
    act(() => buttonIn(firstRow ?? null, 'Show cases')!.click());
    const drill = byTestId('qa-drill');
    expect(drill?.textContent).toContain(`Re-reviews of ${name}`);
    const rows = drill!.querySelectorAll('[data-testid="qa-drill-row"]');
    const expected = fixture.pairs.filter((p) => !p.golden && p.arbitratorName === name);
    expect(rows.length).toBe(expected.length);
    const caseId = rows[0]!.getAttribute('data-case-id')!;
    act(() => buttonIn(rows[0]!, 'Open case')!.click());
    expect(onOpen).toHaveBeenCalledWith(caseId);
    act(() => buttonIn(drill, 'Close')!.click());
    expect(byTestId('qa-drill')).toBeNull();
  });

  it('exports the pairs as CSV and the disagreements as a valid calibration pack', async () => {
    render(() => {});
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return `blob:test/${blobs.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    act(() => byTestId('qa-export-csv')!.click());
    act(() => byTestId('qa-export-pack')!.click());
    expect(names).toEqual([
      'gavel-qa-pairs-2026-11-23T0130.csv',
      'gavel-calibration-pack-2026-11-23T0130.json',
    ]);
    const csv = await blobs[0]!.text();
    expect(csv.trim().split('\r\n')).toHaveLength(fixture.pairs.length + 1);
    const pack = parseCalibrationPack(await blobs[1]!.text());
    expect(pack.ok).toBe(true);
    if (pack.ok) expect(pack.pack.items.length).toBeGreaterThan(0);
  });
});
