import path from 'node:path';
import { app, BrowserWindow, safeStorage } from 'electron';
import { createIpcRouter } from '@common/ipc/router';
import { ELECTRON_APP_ORIGIN } from '@common/ipc/origin';
import { createMainServices } from '../services/mainServices';
import { chooseTokenCipher } from '../services/tokenStorage';
import { bindIpc, forwardEvents } from './ipc';
import { installAppMenu } from './menu';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { hardenAllWebContents } from './security';
import { createMainWindow } from './window';

/**
 * The Electron shell: one instance, one hardened window on app://gavel, the shared main services
 * behind the IPC router. Everything that is not Electron-specific lives in main/services.
 */
export async function runElectronApp(): Promise<void> {
  // A separate profile (tests, a second arbitrator account) gets its own data and its own instance lock.
  if (process.env.GAVEL_DATA_DIR) app.setPath('userData', path.resolve(process.env.GAVEL_DATA_DIR));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  await app.whenReady();

  const here = import.meta.dirname; // out/main
  const dataDir = app.getPath('userData');
  const tokenCipher = chooseTokenCipher(process.platform, safeStorage);
  if (tokenCipher.reason === 'basic_text') console.warn('gavel: no OS keyring (safeStorage backend basic_text): sign-in tokens are kept in a 0600 file instead of a fixed-key encryption.');
  const services = await createMainServices({
    dataDir,
    mode: 'electron',
    // `--demo` (or GAVEL_DEMO=1): the published demo passwords instead of this install's random ones.
    standalone: { seed: 300, demo: process.argv.includes('--demo') || process.env.GAVEL_DEMO === '1' },
    // Tokens at rest are encrypted with the OS keychain where there is a real one (not Linux's
    // fixed-key `basic_text` fallback); Settings says where they are.
    cipher: tokenCipher.cipher,
    noCipherReason: tokenCipher.reason,
    log: (message) => console.log(message),
  });
  hardenAllWebContents();
  handleAppProtocol(path.join(here, '..', 'renderer'), services.media);
  bindIpc(
    createIpcRouter(services.handlers, {
      allowedOrigins: [ELECTRON_APP_ORIGIN],
      onHandlerError: (channel, error) => console.error(`ipc ${channel} failed:`, error),
    }),
  );
  installAppMenu();

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
  app.on('will-quit', () => void services.dispose());
  await open();
}
