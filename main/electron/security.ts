import { app, session, shell, type WebContents } from 'electron';
import { ELECTRON_APP_ORIGIN, originOf } from '@common/ipc/origin';
import { allowedExternalUrl } from '../services/externalLinks';

/**
 * Deny-by-default for every web contents the app ever creates (also ones we did not create ourselves):
 * no new windows, no navigation away from app://gavel, no redirects, no <webview>. A link the user
 * clicks is opened in the system browser only when it is http(s) and allowlisted.
 */
export function hardenAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  // No feature of the app needs camera, notifications, geolocation, …; refuse them all, asked or checked.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (originOf(url) === ELECTRON_APP_ORIGIN) return;
    event.preventDefault();
    openExternalIfAllowed(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (originOf(url) !== ELECTRON_APP_ORIGIN) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function openExternalIfAllowed(raw: unknown): void {
  const url = allowedExternalUrl(raw);
  if (url) void shell.openExternal(url.toString()).catch(() => undefined);
}
