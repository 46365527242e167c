// @vitest-environment jsdom
/**
 * The one router: hash parsing, and one store that follows the URL (page and open case together)
 * and moves at once when a case is opened, writing the URL afterwards.
 */
import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterAll, describe, expect, it } from 'vitest';
import { caseHref, caseIdFromHash, closeCase, hrefFor, openCase, routeFromHash, useOpenCaseId, useRoute } from './router';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe('hash parsing', () => {
  it('names the page, falling back to the queue', () => {
    expect(routeFromHash(hrefFor('qa'))).toBe('qa');
    expect(routeFromHash('#/settings?x=1')).toBe('settings');
    expect(routeFromHash('#/queue/case/c1')).toBe('queue');
    expect(routeFromHash('#/nowhere')).toBe('queue');
    expect(routeFromHash('')).toBe('queue');
  });
  it('reads the open case back from its href, and nothing from other hashes', () => {
    expect(caseIdFromHash(caseHref('c 1/2'))).toBe('c 1/2');
    expect(caseIdFromHash('#/queue')).toBeNull();
    expect(caseIdFromHash('#/queue/case/')).toBeNull();
    expect(caseIdFromHash('#/queue/case/%E0%A4%A')).toBeNull();
  });
});

describe('the router store', () => {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  afterAll(() => act(() => root.unmount()));
  function Probe() {
    return createElement('output', null, `${useRoute()}|${useOpenCaseId() ?? '-'}`);
  }
  act(() => root.render(createElement(Probe)));
  const shown = () => host.textContent;
  const navigate = (hash: string) =>
    act(() => {
      window.history.pushState(null, '', hash);
      window.dispatchEvent(new PopStateEvent('popstate'));
    });

  it('follows back/forward to pages and cases', () => {
    navigate('#/qa');
    expect(shown()).toBe('qa|-');
    navigate('#/queue/case/c7');
    expect(shown()).toBe('queue|c7');
    act(() => {
      window.location.hash = '#/settings';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(shown()).toBe('settings|-');
  });

  it('opens a case at once and records it in the URL when idle', async () => {
    navigate('#/queue');
    act(() => openCase('c1'));
    expect(shown()).toBe('queue|c1');
    expect(window.location.hash).toBe('#/queue');
    await act(() => new Promise((r) => setTimeout(r, 10)));
    expect(window.location.hash).toBe(caseHref('c1'));
    act(() => closeCase());
    expect(shown()).toBe('queue|-');
    await act(() => new Promise((r) => setTimeout(r, 10)));
    expect(window.location.hash).toBe('#/queue');
  });

  it('never writes a case over a link followed before the write: the link wins', async () => {
    navigate('#/queue/case/a');
    act(() => openCase('b'));
    expect(shown()).toBe('queue|b');
    // A nav link clicked now: the hash moves at once, its hashchange comes a task later, after
    // the idle write would have run.
    window.location.hash = '#/conflicts';
    await act(() => new Promise((r) => setTimeout(r, 10)));
    act(() => {
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(shown()).toBe('conflicts|-');
    expect(window.location.hash).toBe('#/conflicts');
  });
});
