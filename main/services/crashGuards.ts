import type { Logger } from 'pino';
import type { EventHub } from './eventHub';

/**
 * Errors nothing else caught, in Electron main or the browser-mode host: logged with their stack (the
 * log file is what a user sends), then shown to the user as recoverable (`app:error`; Electron also
 * asks whether to restart) instead of the process dying silently or limping on unseen.
 */
export function installCrashGuards(options: {
  logger: Logger;
  events: EventHub;
  logFile: string | null;
  /** Electron: ask whether to restart. Called at most once a minute. */
  onUncaught?: (error: Error) => void;
}): () => void {
  let lastPrompt = 0;
  const report = (kind: 'uncaughtException' | 'unhandledRejection', raw: unknown) => {
    const error = raw instanceof Error ? raw : new Error(String(raw));
    options.logger.error({ err: error, kind }, `${kind}: ${error.message}`);
    options.events.emit('app:error', { message: error.message, at: new Date().toISOString(), logFile: options.logFile });
    if (kind === 'uncaughtException' && options.onUncaught && Date.now() - lastPrompt > 60_000) {
      lastPrompt = Date.now();
      options.onUncaught(error);
    }
  };
  const onException = (error: unknown) => report('uncaughtException', error);
  const onRejection = (reason: unknown) => report('unhandledRejection', reason);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
