#!/usr/bin/env node
// `npm start`: build if needed, then launch Electron. When Electron cannot run here (its binary is
// missing and cannot be fetched, or there is no display), say what failed and how to fix it in one
// paragraph, then start browser mode instead; `--no-fallback` refuses that and exits non-zero. A failed
// download is remembered (scripts/electron.mjs), so later starts go straight to browser mode with one
// sentence saying why. `npm run start:browser` (`--browser`) goes straight to browser mode. The host's
// flags (--port, --host, --data-dir, --no-open, --no-standalone, --seed, --demo) are passed on to it;
// --demo also to Electron.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCli } from '../server/cli.mjs';
import { HOW_TO_FIX, lastLine, resolveElectron, root } from './electron.mjs';

const USAGE = `usage: npm start [-- --no-fallback] [--retry-electron] [host flags]
       npm run start:browser [-- host flags]

Builds the app when sources changed, then launches Electron. Without a usable Electron binary it says
why and starts browser mode: the same app served on 127.0.0.1, opened in your browser.

  --browser          go straight to browser mode (npm run start:browser)
  --no-fallback      exit 1 instead of falling back to browser mode
  --retry-electron   try the Electron download again now, though a recent one failed

Browser-mode host flags:
  --port P           port (default: any free one; GAVEL_PORT)
  --host H           loopback address to listen on (default 127.0.0.1)
  --data-dir DIR     settings, session, logs and the embedded database (default: the app's data folder)
  --no-open          print the URL without opening a browser
  --no-standalone    no embedded backend (use Settings → Backend address)
  --seed N           demo cases seeded on first run (default 300)
  --demo             the published demo passwords instead of this install's random ones (Electron too)
  -h, --help         this text`;

const HOST_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'no-open': { type: 'boolean' },
  'no-standalone': { type: 'boolean' },
  seed: { type: 'string' },
  demo: { type: 'boolean' },
};
const { values } = parseCli({
  name: 'start',
  usage: USAGE,
  options: {
    browser: { type: 'boolean', default: false },
    'no-fallback': { type: 'boolean', default: false },
    'retry-electron': { type: 'boolean', default: false },
    ...HOST_OPTIONS,
  },
});
const browserOnly = values.browser;
const noFallback = values['no-fallback'];
const hostArgs = Object.keys(HOST_OPTIONS).flatMap((name) =>
  values[name] === undefined ? [] : HOST_OPTIONS[name].type === 'boolean' ? (values[name] ? [`--${name}`] : []) : [`--${name}`, values[name]],
);

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

function explain(what) {
  console.error(
    `\ngavel: Electron cannot start here: ${what}. ${HOW_TO_FIX} ` +
      (noFallback ? 'Not falling back to browser mode (--no-fallback).\n' : 'Starting browser mode instead (pass --no-fallback to refuse).\n'),
  );
  if (noFallback) process.exit(1);
}

/** A failure already explained on an earlier start: one sentence, not the whole paragraph again. */
function remind(what) {
  if (noFallback) return explain(what);
  console.error(`gavel: starting browser mode because Electron is unavailable: ${what}.`);
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
  if (values.demo) extra.push('--demo');
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
  const electron = await resolveElectron({ retry: values['retry-electron'] });
  let binary = electron.binary ?? null;
  if (!binary) (electron.remembered ? remind : explain)(electron.reason);
  if (binary && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    explain('there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)');
    binary = null;
  }
  if (binary) launchElectron(binary);
  else await startBrowserMode();
}
