/**
 * What the evidence viewers mark as anomalous: exactly the items the rules engine's findings point
 * at (their evidence refs), and nothing else. Viewers never re-derive a rule (ARCHITECTURE.md,
 * sync principle 7); they look their items up here by ref key. The case view (and QA's blind
 * review) provides the findings of the assessment on screen and the policy that produced it.
 */
import { createContext, useContext } from 'react';
import type { Policy } from '@common/policy';
import type { Finding } from '@common/rules';
import { refKey } from './evidenceHighlight';

export type AnomalyIndex = ReadonlyMap<string, readonly Finding[]>;
export type Anomalies = { index: AnomalyIndex; findings: readonly Finding[]; policy: Policy | null };

/** Ref key → the findings whose refs name it (each finding once per key). */
export function anomalyIndex(findings: readonly Finding[]): AnomalyIndex {
  const out = new Map<string, Finding[]>();
  for (const f of findings)
    for (const r of f.refs) {
      const k = refKey(r);
      const list = out.get(k);
      if (!list) out.set(k, [f]);
      else if (!list.includes(f)) list.push(f);
    }
  return out;
}

export function anomaliesOf(findings: readonly Finding[], policy: Policy | null): Anomalies {
  return { index: anomalyIndex(findings), findings, policy };
}

const NONE: Anomalies = { index: new Map(), findings: [], policy: null };
export const AnomalyContext = createContext<Anomalies>(NONE);

const EMPTY: readonly Finding[] = [];
/** The findings that point at this item. */
export function useAnomalies(key: string): readonly Finding[] {
  return useContext(AnomalyContext).index.get(key) ?? EMPTY;
}

/** Every finding on screen and the policy behind them (for marks inside text: the terms a finding names). */
export function useAnomalyContext(): Anomalies {
  return useContext(AnomalyContext);
}
