/**
 * The processes tests run for real (chaos kills two of them): the backend (`server/index.ts` on PGlite) and the browser-mode host
 * (the built `out/main/host.js`, i.e. main's services in plain Node). Each runs as its own OS process
 * so SIGKILL is a real crash: no finally blocks, no flushed buffers, the socket torn down by the kernel.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A port that was free a moment ago; restarts reuse it so the origin (and the browser's IndexedDB) stays the same. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The exit code once `child` has exited (null when a signal ended it). */
export const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

export type Proc = {
  child: ChildProcess;
  url: string;
  /** SIGKILL, and resolve once the OS reports it gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  output(): string;
};

/**
 * Starts `node <args>` from the project root and resolves once its stdout matches `ready`, whose
 * first group is the URL it serves; the output (both streams, the last 100 kB) stays readable.
 * Every test that runs the server or host as a real process starts it here.
 */
export function launch(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  what: string,
  timeoutMs = 60_000,
): Promise<Proc> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = exitOf(child).then(() => undefined);
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const proc = (url: string): Proc => ({
    child,
    url,
    output: () => out,
    async kill() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (!gone()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start within ${timeoutMs} ms:\n${out.slice(-2000)}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.length > 200_000) out = out.slice(-100_000);
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        // Keep draining so a chatty process never blocks on a full pipe.
        child.stdout.on('data', (x: Buffer) => (out = (out + x.toString()).slice(-100_000)));
        resolve(proc(m[1]!));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-100_000)));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${out.slice(-2000)}`));
    });
  });
}

let serverBundle: Promise<string> | null = null;
/**
 * server/index.ts bundled once per run (dependencies stay in node_modules): a restart then costs the
 * database opening, not a TypeScript transpile, which keeps hundreds of restarts affordable.
 */
function serverEntry(): Promise<string> {
  const outfile = path.join(ROOT, '.tsbuild', 'chaos', 'server.mjs');
  serverBundle ??= build({
    entryPoints: [path.join(ROOT, 'server', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    tsconfig: path.join(ROOT, 'tsconfig.node.json'),
    logLevel: 'warning',
  }).then(() => outfile);
  return serverBundle;
}

/** The backend on PGlite in `dataDir`, on `port` (the same port and folder after every restart). */
export async function startServerProcess(port: number, dataDir: string): Promise<Proc> {
  return launch(
    [await serverEntry(), '--port', String(port), '--data-dir', dataDir, '--demo'],
    { LOG_LEVEL: 'warn', DATABASE_URL: '' },
    /listening on (http:\/\/\S+)/,
    'server',
  );
}

/**
 * The built browser-mode host without its embedded backend (the app signs in to the chaos server
 * through the fault proxy). `clockSkewMs` shifts the host process's clock (see clockSkew.mjs).
 */
export function startHostProcess(port: number, dataDir: string, clockSkewMs = 0): Promise<Proc> {
  const args = JSON.stringify([
    '--no-open',
    '--no-standalone',
    '--data-dir',
    dataDir,
    '--port',
    String(port),
  ]);
  const hostJs = JSON.stringify(path.join(ROOT, 'out', 'main', 'host.js'));
  const skew = clockSkewMs ? ['--import', path.join(ROOT, 'testing', 'chaos', 'clockSkew.mjs')] : [];
  return launch(
    [...skew, '-e', `import(${hostJs}).then((m) => m.runHostCli(${args}))`],
    clockSkewMs ? { GAVEL_TEST_CLOCK_SKEW_MS: String(clockSkewMs) } : {},
    /one-time link: (http:\/\/127\.0\.0\.1:\d+\/__gavel\/launch\?t=\S+)/,
    'host',
  );
}
