import path from 'node:path';
import { app, BrowserWindow, nativeImage, nativeTheme } from 'electron';
import { MIN_WINDOW_SIZE } from '../services/windowBounds';
import { APP_HOST, APP_SCHEME } from './protocol';
import { loadWindowState, trackWindowState } from './windowState';

export async function createMainWindow(options: { preloadPath: string; dataDir: string }): Promise<BrowserWindow> {
  const { bounds, maximized } = await loadWindowState(options.dataDir);
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Gavel 仲裁台',
    // Linux and Windows show it in the task bar and title bar (macOS takes the bundle's icns). The
    // packaged app carries the PNG inside app.asar (electron-builder.config.ts `files`).
    icon: nativeImage.createFromPath(path.join(app.getAppPath(), 'resources', 'icons', '512x512.png')),
    // The page background of the theme the OS asks for, so the window doesn't flash white in dark mode.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#111317' : '#f4f5f7',
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
      // Middle-click (auxclick) on a link would ask for a new window; window.open is denied anyway,
      // this removes the path altogether (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
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
