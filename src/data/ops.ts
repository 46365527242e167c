import { create } from 'zustand';
import type { AppErrorNotice, DiagnosticsExport, StartupState, UpdateState } from '@common/ipc/types';
import { gavel, unwrap } from './bridge';
import { appDb } from './db';

type OpsState = {
  startup: StartupState | null;
  update: UpdateState | null;
  /** The latest error main reported outside any call (cleared when the user dismisses it). */
  appError: AppErrorNotice | null;
  diagnostics: { status: 'idle' | 'exporting' | 'done' | 'failed'; result: DiagnosticsExport | null; error: string | null };
  /** Help → Export diagnostics in the native menu asked for an export. */
  requested: number;
};

/** Operating the app: start-up progress, the update channel, crash notices, diagnostics. */
const useOpsStore = create<OpsState>(() => ({
  startup: null,
  update: null,
  appError: null,
  diagnostics: { status: 'idle', result: null, error: null },
  requested: 0,
}));

export const useStartup = (): StartupState | null => useOpsStore((s) => s.startup);
export const useUpdateState = (): UpdateState | null => useOpsStore((s) => s.update);
export const useAppError = (): AppErrorNotice | null => useOpsStore((s) => s.appError);
export const useDiagnostics = (): OpsState['diagnostics'] => useOpsStore((s) => s.diagnostics);
export const useDiagnosticsRequested = (): number => useOpsStore((s) => s.requested);
export const dismissAppError = (): void => useOpsStore.setState({ appError: null });

export async function loadOps(): Promise<void> {
  const api = gavel();
  // Subscribe before reading, so a change between the two is not lost.
  api.on('app:startup', (startup) => useOpsStore.setState({ startup }));
  api.on('update:state', (update) => useOpsStore.setState({ update }));
  api.on('app:error', (appError) => useOpsStore.setState({ appError }));
  api.on('diagnostics:request', () => {
    useOpsStore.setState((s) => ({ requested: s.requested + 1 }));
    void exportDiagnostics();
  });
  const [startup, update] = await Promise.all([unwrap(api.app.startup()), unwrap(api.update.status())]);
  useOpsStore.setState({ startup, update });
}

const setUpdate = (pending: Promise<UpdateState>) =>
  pending.then(
    (update) => useOpsStore.setState({ update }),
    (error: unknown) => useOpsStore.setState((s) => ({ update: s.update && { ...s.update, status: 'error', detail: error instanceof Error ? error.message : String(error) } })),
  );
export const checkForUpdate = (): Promise<void> => setUpdate(unwrap(gavel().update.check()));
export const downloadUpdate = (): Promise<void> => setUpdate(unwrap(gavel().update.download()));
export const installUpdate = (): Promise<void> => setUpdate(unwrap(gavel().update.install()));

/** What only the renderer knows for diagnostics: the local store's counts (never its contents). */
async function localCounts(): Promise<Record<string, number>> {
  const db = appDb();
  const [cases, bundles, decisions, outboxPending, conflicts, qaItems] = await Promise.all([
    db.cases.count(),
    db.bundles.count(),
    db.decisions.count(),
    db.outbox.count(),
    db.conflicts.count(),
    db.qaItems.count(),
  ]);
  return { cases, bundles, decisions, outboxPending, conflicts, qaItems };
}

export async function exportDiagnostics(): Promise<void> {
  useOpsStore.setState({ diagnostics: { status: 'exporting', result: null, error: null } });
  try {
    const counts = await localCounts().catch(() => ({}));
    const result = await unwrap(gavel().diagnostics.export({ counts }));
    useOpsStore.setState({ diagnostics: { status: 'done', result, error: null } });
  } catch (error) {
    useOpsStore.setState({ diagnostics: { status: 'failed', result: null, error: error instanceof Error ? error.message : String(error) } });
  }
}
