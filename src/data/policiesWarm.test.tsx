// @vitest-environment jsdom
/**
 * A case opened right after its pair's store opens is judged at its first render: the store's policy
 * versions are read as it opens. Before, the live query answered a few frames later, the decision
 * form stayed locked until then, and a verdict key pressed in those frames was dropped.
 */
import 'fake-indexeddb/auto';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '@common/policy';
import { applyPullPage } from './casesRepo';
import { GavelDb } from './db';
import { usePolicySource, type PolicySource } from './policies';
import { closeStore, openStore } from './stores';
import { caseView, pullPage } from '../../testing/fixtures/caseViews';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  closeStore();
});

it('the policy versions are there at the first render after the store opens', async () => {
  const id = 'gavel:test-backend:warm-user';
  const seed = new GavelDb(id);
  await seed.open();
  await applyPullPage(seed, {
    ...pullPage([caseView(1)], '1.0'),
    policies: { seq: 1, versions: [{ seq: 1, version: '2027.1', effectiveFrom: DEFAULT_POLICY.effectiveFrom, publishedAt: '2026-12-01T00:00:00Z', policy: { ...DEFAULT_POLICY, version: '2027.1' } }] },
  });
  seed.close();

  await openStore(id, 'warm-user');
  const renders: (PolicySource | undefined)[] = [];
  function Probe() {
    renders.push(usePolicySource());
    return null;
  }
  const host = document.createElement('div');
  root = createRoot(host);
  act(() => root!.render(<Probe />));
  const first = renders[0];
  expect(first && 'versions' in first ? first.versions.get('2027.1')?.version : first).toBe('2027.1');
});
