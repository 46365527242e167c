import path from 'node:path';
import { app, BrowserWindow, crashReporter, dialog, safeStorage } from 'electron';
import { createIpcRouter } from '@common/ipc/router';
import { ELECTRON_APP_ORIGIN } from '@common/ipc/origin';
import { installCrashGuards } from '../services/crashGuards';
import { openAppLogs } from '../services/logger';
import { DISABLED_CHROMIUM_FEATURES } from '../services/chromiumFeatures';
import { createMainServices } from '../services/mainServices';
import { chooseTokenCipher } from '../services/tokenStorage';
import { bindIpc, forwardEvents } from './ipc';
import { installAppMenu } from './menu';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { hardenAllWebContents } from './security';
import { createElectronUpdater } from './updater';
import { createMainWindow } from './window';

/**
 * The Electron shell: one instance, one hardened window on app://gavel, the shared main services
 * behind the IPC router. Everything that is not Electron-specific lives in main/services.
 */
export async function runElectronApp(): Promise<void> {
  // A separate profile (tests, a second arbitrator account) gets its own data and its own instance lock.
  if (process.env.GAVEL_DATA_DIR) app.setPath('userData', path.resolve(process.env.GAVEL_DATA_DIR));
  // Before the app is ready, or Chromium never sees it (chromiumFeatures.ts says why).
  app.commandLine.appendSwitch('disable-features', DISABLED_CHROMIUM_FEATURES.join(','));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Native crashes (main, renderer, GPU) are written as minidumps to the data folder's Crashpad
  // directory and never uploaded; diagnostics lists them.
  crashReporter.start({ uploadToServer: false, compress: true });
  registerAppScheme();
  const dataDir = app.getPath('userData');
  const logs = await openAppLogs({ dataDir, echo: app.isPackaged ? false : 'info' });
  const logger = logs.logger.child({ component: 'main' });
  logger.info({ version: app.getVersion() }, `Gavel starting (Electron ${process.versions.electron})`);
  await app.whenReady();

  const here = import.meta.dirname; // out/main
  const tokenCipher = chooseTokenCipher(process.platform, safeStorage);
  if (tokenCipher.reason === 'basic_text') logger.warn('no OS keyring (safeStorage backend basic_text): sign-in tokens are kept in a 0600 file instead of a fixed-key encryption.');
  const services = await createMainServices({
    dataDir,
    mode: 'electron',
    // `--demo` (or GAVEL_DEMO=1): the published demo passwords instead of this install's random ones.
    standalone: { seed: 300, demo: process.argv.includes('--demo') || process.env.GAVEL_DEMO === '1' },
    // Tokens at rest are encrypted with the OS keychain where there is a real one (not Linux's
    // fixed-key `basic_text` fallback); Settings says where they are.
    cipher: tokenCipher.cipher,
    noCipherReason: tokenCipher.reason,
    log: (message) => logger.info(message),
    logs,
    updater: createElectronUpdater(logger),
    crashDumpsDir: app.getPath('crashDumps'),
  });
  installCrashGuards({
    logger,
    events: services.events,
    logFile: logs.dir,
    onUncaught: (error) => {
      void dialog
        .showMessageBox({
          type: 'error',
          title: 'Gavel',
          message: 'Gavel hit an unexpected error. Your work is saved; the details are in the log.',
          detail: error.message,
          buttons: ['Keep working', 'Restart Gavel'],
          defaultId: 0,
          cancelId: 0,
        })
        .then(({ response }) => {
          if (response !== 1) return;
          app.relaunch();
          app.exit(0);
        });
    },
  });
  app.on('render-process-gone', (_event, contents, details) => {
    logger.error({ reason: details.reason, code: details.exitCode }, `renderer gone: ${details.reason}`);
    if (details.reason === 'clean-exit' || contents.isDestroyed()) return;
    void dialog
      .showMessageBox({ type: 'error', title: 'Gavel', message: 'The Gavel window stopped unexpectedly. Decisions already made are saved.', buttons: ['Reload'], defaultId: 0 })
      .then(() => contents.reload());
  });
  app.on('child-process-gone', (_event, details) => logger.warn({ type: details.type, reason: details.reason }, `child process gone: ${details.type} ${details.reason}`));
  hardenAllWebContents();
  handleAppProtocol(path.join(here, '..', 'renderer'), services.media);
  bindIpc(
    createIpcRouter(services.handlers, {
      allowedOrigins: [ELECTRON_APP_ORIGIN],
      onHandlerError: (channel, error) => logger.error({ err: error, channel }, `ipc ${channel} failed`),
    }),
  );
  installAppMenu({
    locale: (await services.settings.get()).locale,
    exportDiagnostics: () => services.events.emit('diagnostics:request', null),
    logsDir: logs.dir,
  });

  let win: BrowserWindow | null = null;
  const open = async () => {
    win = await createMainWindow({ preloadPath: path.join(here, '..', 'preload', 'index.cjs'), dataDir });
    forwardEvents(services.events, win.webContents);
    win.on('closed', () => {
      win = null;
    });
  };
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    logger.info('quitting');
    void services.dispose().finally(() => logs.close());
  });
  await open();
}
