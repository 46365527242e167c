import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCli, usageError } from '../../server/cli.mjs';
import { defaultDataDir } from '../services/appPaths';
import { installCrashGuards } from '../services/crashGuards';
import { openAppLogs } from '../services/logger';
import { startHost } from './host';

// Re-exported so scripts (screenshots, start) can drive the built host in-process.
export { startHost };

const HOST_USAGE = `usage: npm run start:browser -- [--port P] [--host H] [--data-dir DIR] [--no-open] [--no-standalone] [--seed N]

Serves the app on 127.0.0.1 (browser mode) and prints the URL to open. See npm start -- --help.`;

/**
 * `npm run start:browser` (via scripts/start.mjs) lands here, built as out/main/host.js. It starts the
 * host, prints the URL, and opens it in the default browser when there is a desktop to open it on.
 */
export async function runHostCli(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseCli({
    name: 'start:browser',
    usage: HOST_USAGE,
    args: argv,
    options: {
      port: { type: 'string', default: process.env.GAVEL_PORT ?? '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      'no-standalone': { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      seed: { type: 'string', default: '300' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usageError('start:browser', HOST_USAGE, `--port must be 0..65535, got ${values.port}`);
  const here = import.meta.dirname;
  const dataDir = typeof values['data-dir'] === 'string' ? path.resolve(values['data-dir']) : defaultDataDir();
  // Lines go to <data>/logs/main.log; info and above are also shown in this terminal.
  const logs = await openAppLogs({ dataDir, echo: 'info' });
  const logger = logs.logger.child({ component: 'host' });
  const host = await startHost({
    port,
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    rendererDir: path.join(here, '..', 'renderer'),
    bridgeFile: path.join(here, '..', 'bridge', 'bridge.js'),
    dataDir,
    log: (message) => logger.info(message),
    logs,
    // No backend configured: run the real server embedded (PGlite in the data folder) with demo cases.
    // `--demo`: the published demo passwords (README) instead of this install's random ones.
    standalone: values['no-standalone'] === true ? false : { seed: Number(values.seed) || 0, demo: values.demo === true },
  });
  const fileUrl = pathToFileURL(host.launchFile).href;
  console.log(`Gavel (browser mode) is running. Data: ${dataDir}`);
  console.log(`Open: ${fileUrl}`);
  console.log(`  (a page only you can read; it signs this browser in. If your browser cannot open files there, use the one-time link: ${host.url} )`);
  console.log('Ctrl+C stops the host.');
  // The opener gets the file's path, never a secret: other users can read any process's arguments.
  if (values['no-open'] !== true) openInBrowser(fileUrl);
  // The host keeps serving after an error nothing caught; the page shows it as recoverable.
  installCrashGuards({ logger, events: host.events, logFile: logs.dir });

  const stop = () => {
    void host.close().then(() => {
      logs.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function openInBrowser(url: string): void {
  const hasDesktop =
    process.platform === 'darwin' || process.platform === 'win32' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
  if (!hasDesktop) return;
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined); // no opener installed: the printed URL is enough
    child.unref();
  } catch {
    // ditto
  }
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename;
if (invokedDirectly) {
  runHostCli().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
