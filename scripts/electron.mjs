// Finding, fetching and explaining the Electron binary, shared by `npm start` (start.mjs) and
// `npm run dist` (dist.mjs) so both say the same thing when Electron cannot be had here.
import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
const FETCH_TIMEOUT_MS = Number(process.env.GAVEL_ELECTRON_FETCH_TIMEOUT_MS ?? 30_000);
/** A failed download is not tried again for this long (a later `npm start` goes straight to browser mode). */
const RETRY_AFTER_MS = Number(process.env.GAVEL_ELECTRON_RETRY_HOURS ?? 24) * 3_600_000;
const PROBE_TIMEOUT_MS = 2_000;
/** Per checkout and Electron version; `npm ci` clears it along with node_modules. */
export const FETCH_MEMO = path.join(root, 'node_modules', '.cache', 'gavel', 'electron-fetch.json');

/**
 * The Electron executable on disk, never via require('electron'): that starts a synchronous
 * download which hangs for minutes without a network.
 */
export function electronBinary() {
  const require = createRequire(import.meta.url);
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { pkgDir: null, version: null, binary: null, distDir: null };
  }
  const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
  const platformPath =
    process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformPath;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const distDir = override ? path.resolve(override) : path.join(pkgDir, 'dist');
  const binary = path.join(distDir, relative);
  return { pkgDir, version, binary: existsSync(binary) ? binary : null, distDir };
}

/** The last failed download, when it is recent enough to skip trying again. */
export function recentFetchFailure(version) {
  try {
    const memo = JSON.parse(readFileSync(FETCH_MEMO, 'utf8'));
    if (memo.version !== version || Date.now() - memo.failedAt > RETRY_AFTER_MS) return null;
    return memo;
  } catch {
    return null;
  }
}

function rememberFailure(version, detail) {
  try {
    mkdirSync(path.dirname(FETCH_MEMO), { recursive: true });
    writeFileSync(FETCH_MEMO, JSON.stringify({ version, failedAt: Date.now(), detail }));
  } catch {
    // Not remembering only costs the next start the same wait.
  }
}

/** Where the download would come from: a reachable name within 2 s, or the reason there is none. */
async function probeDownloadHost() {
  const mirror = process.env.ELECTRON_MIRROR ?? process.env.npm_config_electron_mirror;
  let host = 'github.com';
  try {
    if (mirror) host = new URL(mirror).hostname;
  } catch {
    return `ELECTRON_MIRROR is not a URL (${mirror})`;
  }
  const timeout = new Promise((resolve) => setTimeout(() => resolve(`${host} did not resolve within ${PROBE_TIMEOUT_MS / 1000} s`), PROBE_TIMEOUT_MS).unref());
  const answer = lookup(host).then(
    () => null,
    (error) => `${host} cannot be resolved (${error.code ?? error.message})`,
  );
  return Promise.race([answer, timeout]);
}

/**
 * Fetch the binary through the electron package's own installer, unless a recent attempt failed or
 * the download host is unreachable. `force` ignores the remembered failure.
 */
export async function fetchElectron({ pkgDir, version }, { force = false } = {}) {
  const memo = force ? null : recentFetchFailure(version);
  if (memo) {
    const hours = (Date.now() - memo.failedAt) / 3_600_000;
    const ago = hours < 1 ? `${Math.max(1, Math.round(hours * 60))} min` : `${hours.toFixed(0)} h`;
    return { ok: false, remembered: true, detail: `the download failed ${ago} ago (${memo.detail}); not retrying for ${RETRY_AFTER_MS / 3_600_000} h, or now with --retry-electron` };
  }
  const unreachable = await probeDownloadHost();
  if (unreachable) {
    rememberFailure(version, unreachable);
    return { ok: false, detail: `its binary is missing and cannot be downloaded: ${unreachable}` };
  }
  console.log(`gavel: fetching the Electron binary (giving up after ${FETCH_TIMEOUT_MS / 1000}s)…`);
  const r = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: FETCH_TIMEOUT_MS,
    encoding: 'utf8',
  });
  if (r.status === 0) return { ok: true };
  const detail = r.error?.code === 'ETIMEDOUT' ? `no answer within ${FETCH_TIMEOUT_MS / 1000}s` : lastLine(r.stderr) || `exit ${r.status}`;
  rememberFailure(version, detail);
  return { ok: false, detail: `its binary is missing and could not be downloaded (${detail})` };
}

export const lastLine = (text) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONN|timed? ?out|status/i.test(l)) ?? '';

/** How to get a binary here, after what went wrong. */
export const HOW_TO_FIX =
  'Electron downloads its binary on first use, from GitHub unless told otherwise. To fix it, either point ' +
  'ELECTRON_MIRROR at a reachable mirror (e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/) and run ' +
  'the command again with --retry-electron, or unpack a matching Electron build (same version as node_modules/electron) ' +
  'somewhere and set ELECTRON_OVERRIDE_DIST_PATH to that folder.';

/** Locate the binary, fetching it when allowed; `{binary}` or `{reason, remembered}`. */
export async function resolveElectron({ retry = false } = {}) {
  let found = electronBinary();
  if (found.binary) return { binary: found.binary, distDir: found.distDir, version: found.version };
  if (!found.pkgDir) return { reason: 'the electron package is not installed (run `npm ci`)' };
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return { reason: `ELECTRON_OVERRIDE_DIST_PATH (${process.env.ELECTRON_OVERRIDE_DIST_PATH}) holds no Electron executable` };
  }
  const fetched = await fetchElectron(found, { force: retry });
  if (!fetched.ok) return { reason: fetched.detail, remembered: fetched.remembered === true };
  found = electronBinary();
  return found.binary ? { binary: found.binary, distDir: found.distDir, version: found.version } : { reason: 'the download finished but left no executable' };
}
