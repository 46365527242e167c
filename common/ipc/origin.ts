/**
 * The origin of a URL as `scheme://host[:port]` (lower-cased), or null when there is none.
 * Written without `URL`: common/ is built without DOM or Node libs, and WHATWG URL would in any case
 * report `origin === 'null'` for non-special schemes such as our `app://gavel`. The URLs checked here
 * come already normalised from Chromium (frame URLs) or from a browser's Origin header.
 */
export function originOf(url: string): string | null {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(url);
  if (!match) return null; // about:blank, data:, file paths: never a trusted app origin
  const scheme = match[1] ?? '';
  const authority = match[2] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1); // drop any userinfo
  if (!host) return null; // file:///…
  return `${scheme}://${host}`.toLowerCase();
}

/** The app's origin in Electron (served by the `app://` protocol handler). */
export const ELECTRON_APP_ORIGIN = 'app://gavel';
