import path from 'node:path';
import { BrowserWindow } from 'electron';
import { APP_HOST, APP_SCHEME } from './protocol';
import { loadWindowState, trackWindowState } from './windowState';

export async function createMainWindow(options: { preloadPath: string; dataDir: string }): Promise<BrowserWindow> {
  const { bounds, maximized } = await loadWindowState(options.dataDir);
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Gavel 仲裁台',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: path.resolve(options.preloadPath),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  trackWindowState(win, options.dataDir);
  win.once('ready-to-show', () => {
    if (maximized) win.maximize();
    win.show();
  });
  await win.loadURL(`${APP_SCHEME}://${APP_HOST}/index.html`);
  return win;
}
