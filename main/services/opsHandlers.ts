import { IpcHandlerError } from '@common/ipc/result';
import type { IpcHandlers } from '@common/ipc/router';
import type { StartupState } from '@common/ipc/types';
import { exportDiagnostics, type DiagnosticsSources } from './diagnostics';
import type { Updater } from './updates';

export type OpsChannels = 'app:startup' | 'diagnostics:export' | 'update:status' | 'update:check' | 'update:download' | 'update:install';

/** Operating the app: start-up progress, diagnostics, the update channel (spread into createHandlers). */
export function createOpsHandlers(deps: { startup: () => StartupState; diagnostics: DiagnosticsSources; updater: Updater }): Pick<IpcHandlers, OpsChannels> {
  const updating = async (work: () => Promise<ReturnType<Updater['state']>>) => {
    try {
      return await work();
    } catch (error) {
      throw new IpcHandlerError('update_failed', error instanceof Error ? error.message : String(error));
    }
  };
  return {
    'app:startup': () => deps.startup(),
    'diagnostics:export': ({ counts }) => exportDiagnostics(deps.diagnostics, counts),
    'update:status': () => deps.updater.state(),
    'update:check': () => updating(() => deps.updater.check()),
    'update:download': () => updating(() => deps.updater.download()),
    'update:install': () => updating(() => deps.updater.install()),
  };
}
