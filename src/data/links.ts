/**
 * A case's linked cases (`GET /v1/cases/:caseId/links`, relayed through main as `cases:links`;
 * docs/clusters.md). The last answer for each case opened in this window is kept in memory, so a
 * cluster looked at before going offline can still be decided offline (its held cases are on this
 * machine); one never read says it needs the server.
 */
import { useCallback, useEffect, useState } from 'react';
import { CaseLinksResponseSchema, type CaseLinksResponse } from '@common/api';
import { relayCalls } from './bridge';
import type { GavelDb } from './db';
import { loadBundle } from './casesRepo';
import type { BundleRow, CaseRow } from './rows';

export type LinksState =
  | { state: 'loading' }
  | { state: 'ready'; links: CaseLinksResponse; fetchedAt: number; error: null }
  /** An earlier answer, shown while the server cannot give a fresh one (`error` says why). */
  | { state: 'stale'; links: CaseLinksResponse; fetchedAt: number; error: unknown }
  | { state: 'unavailable'; error: unknown };

type Port = { links(request: { caseId: string }): Promise<unknown> };
const relayPort = (): Port => relayCalls('cases');

const remembered = new Map<string, { links: CaseLinksResponse; fetchedAt: number }>();
const REMEMBER_AT_MOST = 200;

/** Reads the links, validates them, and remembers them; throws what the relay threw. */
export async function fetchLinks(caseId: string, port: Port = relayPort(), now: () => number = Date.now): Promise<CaseLinksResponse> {
  const parsed = CaseLinksResponseSchema.safeParse(await port.links({ caseId }));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the server's linked cases are malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  remembered.delete(caseId);
  remembered.set(caseId, { links: parsed.data, fetchedAt: now() });
  if (remembered.size > REMEMBER_AT_MOST) remembered.delete(remembered.keys().next().value!);
  return parsed.data;
}

function afterFailure(caseId: string, error: unknown): LinksState {
  const last = remembered.get(caseId);
  return last ? { state: 'stale', ...last, error } : { state: 'unavailable', error };
}

/** The linked cases of a case, read when it opens (and on `reload`). */
export function useCaseLinks(caseId: string): { links: LinksState; reload: () => void } {
  const [state, setState] = useState<LinksState>(() => {
    const last = remembered.get(caseId);
    return last ? { state: 'ready', ...last, error: null } : { state: 'loading' };
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    fetchLinks(caseId).then(
      (links) => {
        if (live) setState({ state: 'ready', links, fetchedAt: remembered.get(caseId)?.fetchedAt ?? Date.now(), error: null });
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
  return { links: state, reload };
}

/** What this machine has of each case: its row and bundle, or nulls. */
export async function localCases(db: GavelDb, caseIds: readonly string[]): Promise<Map<string, { row: CaseRow | null; bundle: BundleRow | null }>> {
  const rows = await db.cases.bulkGet([...caseIds]);
  const out = new Map<string, { row: CaseRow | null; bundle: BundleRow | null }>();
  await Promise.all(
    caseIds.map(async (id, i) => {
      const row = rows[i] ?? null;
      out.set(id, { row, bundle: row ? ((await loadBundle(db, id)) ?? null) : null });
    }),
  );
  return out;
}
