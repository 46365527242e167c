#!/usr/bin/env node
// `npm start`: build if needed, then launch Electron. When Electron cannot run here (its binary is
// missing and cannot be fetched, or there is no display), say what failed and how to fix it in one
// paragraph, then start browser mode instead; `--no-fallback` refuses that and exits non-zero.
// `npm run start:browser` (`--browser`) goes straight to browser mode. Other flags (--port, --host,
// --data-dir, --no-open, --demo) are passed to the browser-mode host; --demo also to Electron.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const browserOnly = argv.includes('--browser');
const noFallback = argv.includes('--no-fallback');
const hostArgs = argv.filter((a) => a !== '--browser' && a !== '--no-fallback');
const FETCH_TIMEOUT_MS = Number(process.env.GAVEL_ELECTRON_FETCH_TIMEOUT_MS ?? 30_000);

// ── build if needed ─────────────────────────────────────────────────────────
const OUTPUTS = ['out/main/index.js', 'out/main/host.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/bridge/bridge.js'];
const SOURCES = ['main', 'preload', 'src', 'common', 'resources', 'electron.vite.config.ts', 'vite.bridge.config.ts', 'package.json'];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return /\.test\.tsx?$/.test(p) ? 0 : s.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function ensureBuilt() {
  const outputs = OUTPUTS.map((o) => path.join(root, o));
  const oldestOutput = outputs.every(existsSync) ? Math.min(...outputs.map((o) => statSync(o).mtimeMs)) : 0;
  const newestSource = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  if (oldestOutput > newestSource) return;
  console.log('gavel: building the app (sources changed since the last build)…');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('gavel: the build failed; see the errors above.');
    process.exit(r.status ?? 1);
  }
}

// ── Electron binary ─────────────────────────────────────────────────────────
// Located on disk, never via require('electron'): that triggers a synchronous download which hangs
// for minutes without a network.
function electronBinary() {
  const require = createRequire(import.meta.url);
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { pkgDir: null, binary: null };
  }
  const platformPath =
    process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformPath;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, relative) : path.join(pkgDir, 'dist', relative);
  return { pkgDir, binary: existsSync(binary) ? binary : null };
}

function fetchElectron(pkgDir) {
  console.log(`gavel: fetching the Electron binary (first run; giving up after ${FETCH_TIMEOUT_MS / 1000}s)…`);
  const r = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: FETCH_TIMEOUT_MS,
    encoding: 'utf8',
  });
  if (r.status === 0) return { ok: true };
  const detail = r.error?.code === 'ETIMEDOUT' ? `no answer within ${FETCH_TIMEOUT_MS / 1000}s` : lastLine(r.stderr) || `exit ${r.status}`;
  return { ok: false, detail };
}

const lastLine = (text) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .find((l) => /error|ENOTFOUND|EAI_AGAIN|ECONN|timed? ?out|status/i.test(l)) ?? '';

function explain(what) {
  console.error(
    `\ngavel: Electron cannot start here: ${what}. ` +
      'Electron downloads its binary on first use, from GitHub unless told otherwise. To fix it, either point ' +
      'ELECTRON_MIRROR at a reachable mirror (e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/) and run ' +
      '`npm start` again, or unpack a matching Electron build (same version as node_modules/electron) somewhere and set ' +
      'ELECTRON_OVERRIDE_DIST_PATH to that folder. ' +
      (noFallback ? 'Not falling back to browser mode (--no-fallback).\n' : 'Starting browser mode instead (pass --no-fallback to refuse).\n'),
  );
  if (noFallback) process.exit(1);
}

async function startBrowserMode() {
  const { runHostCli } = await import(path.join(root, 'out', 'main', 'host.js'));
  await runHostCli(hostArgs);
}

function launchElectron(binary) {
  // Chromium refuses to run as root without --no-sandbox (containers); the app's renderer sandbox
  // setting is unaffected, but the OS-level sandbox is, so say so.
  const extra = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  if (extra.length) console.warn('gavel: running as root, so Chromium needs --no-sandbox; run as a normal user for the full OS sandbox.');
  if (argv.includes('--demo')) extra.push('--demo');
  const started = Date.now();
  const child = spawn(binary, [root, ...extra], { stdio: ['inherit', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  child.on('error', (error) => {
    explain(`launching ${binary} failed (${error.message})`);
    void startBrowserMode();
  });
  child.on('exit', (code, signal) => {
    // A crash within seconds of launch is an environment problem (missing libraries, no display), not the app.
    if (code !== 0 && Date.now() - started < 10_000) {
      explain(`it exited at once (${signal ?? `code ${code}`}${lastLine(stderr) ? `: ${lastLine(stderr)}` : ''})`);
      void startBrowserMode();
      return;
    }
    process.exit(code ?? 1);
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

// ── main ────────────────────────────────────────────────────────────────────
ensureBuilt();
if (browserOnly) {
  await startBrowserMode();
} else {
  let { pkgDir, binary } = electronBinary();
  if (!binary && pkgDir && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const fetched = fetchElectron(pkgDir);
    if (fetched.ok) binary = electronBinary().binary;
    else explain(`its binary is missing and could not be downloaded (${fetched.detail})`);
  } else if (!binary) {
    explain(
      pkgDir
        ? `ELECTRON_OVERRIDE_DIST_PATH (${process.env.ELECTRON_OVERRIDE_DIST_PATH}) holds no Electron executable`
        : 'the electron package is not installed (run `npm ci`)',
    );
  }
  if (binary && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    explain('there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)');
    binary = null;
  }
  if (binary) launchElectron(binary);
  else await startBrowserMode();
}
