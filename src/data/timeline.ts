/**
 * A case's timeline (`GET /v1/cases/:caseId/timeline`, relayed through main as `cases:timeline`). It
 * has no offline meaning of its own: it is the server's record. The last answer for each case opened
 * in this window is kept in memory, so a case looked at before going offline still shows it (marked
 * with when it was read); one never read says it needs the server.
 */
import { useCallback, useEffect, useState } from 'react';
import { CaseTimelineSchema, type CaseTimeline } from '@common/api';
import { relayCalls } from './bridge';

export type TimelineState =
  | { state: 'loading' }
  | { state: 'ready'; timeline: CaseTimeline; fetchedAt: number; error: null }
  /** An earlier answer, shown while the server cannot give a fresh one (`error` says why). */
  | { state: 'stale'; timeline: CaseTimeline; fetchedAt: number; error: unknown }
  | { state: 'unavailable'; error: unknown };

type Port = { timeline(request: { caseId: string }): Promise<unknown> };
const relayPort = (): Port => relayCalls('cases');

const remembered = new Map<string, { timeline: CaseTimeline; fetchedAt: number }>();
const REMEMBER_AT_MOST = 200;

/** Reads the timeline, validates it, and remembers it; throws what the relay threw. */
export async function fetchTimeline(caseId: string, port: Port = relayPort(), now: () => number = Date.now): Promise<CaseTimeline> {
  const parsed = CaseTimelineSchema.safeParse(await port.timeline({ caseId }));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the server's timeline is malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  remembered.delete(caseId);
  remembered.set(caseId, { timeline: parsed.data, fetchedAt: now() });
  if (remembered.size > REMEMBER_AT_MOST) remembered.delete(remembered.keys().next().value!);
  return parsed.data;
}

/** The state after a read of `caseId` failed with `error`: the remembered answer if there is one. */
export function afterFailure(caseId: string, error: unknown): TimelineState {
  const last = remembered.get(caseId);
  return last ? { state: 'stale', ...last, error } : { state: 'unavailable', error };
}

/** The timeline of a case, read when the tab opens (and on `reload`). */
export function useCaseTimeline(caseId: string): { timeline: TimelineState; reload: () => void } {
  const [state, setState] = useState<TimelineState>(() => {
    const last = remembered.get(caseId);
    return last ? { state: 'ready', ...last, error: null } : { state: 'loading' };
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    fetchTimeline(caseId).then(
      (timeline) => {
        if (live) setState({ state: 'ready', timeline, fetchedAt: remembered.get(caseId)?.fetchedAt ?? Date.now(), error: null });
      },
      (error: unknown) => {
        if (live) setState(afterFailure(caseId, error));
      },
    );
    return () => {
      live = false;
    };
  }, [caseId, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { timeline: state, reload };
}
