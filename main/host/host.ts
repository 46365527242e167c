import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { createIpcRouter } from '@common/ipc/router';
import { parseSocketInvoke, SOCKET_MAX_PAYLOAD, SOCKET_PATH, type SocketServerMessage } from '@common/ipc/socket';
import { HOST_CSP_HEADER, SECURITY_HEADERS } from '../services/csp';
import type { AppLogs } from '../services/logger';
import type { EventHub } from '../services/eventHub';
import { createMainServices } from '../services/mainServices';
import { mediaResponseHeaders, shaFromMediaPath } from '../services/mediaCache';
import { readStaticFile } from '../services/staticFiles';
import {
  allowedHostNames,
  allowedOrigins,
  isAllowedHostHeader,
  isAllowedOrigin,
  LaunchTokens,
  loopbackBindAddress,
  parseCookies,
  parseRequestTarget,
  secretMatches,
  sessionCookieName,
  sessionCookieValue,
} from './hostSecurity';

export type HostOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only; anything else throws. */
  host?: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** The built browser bridge; defaults to `<rendererDir>/../bridge/bridge.js`. */
  bridgeFile?: string;
  /** Settings and other app data. */
  dataDir: string;
  log?: (message: string) => void;
  /** Run the embedded backend when no backend URL is configured (the CLI's default; tests opt in). */
  standalone?: { seed?: number; username?: string; demo?: boolean } | false;
  /** Rolling log files (the CLI opens them in the data folder); the embedded server writes its own. */
  logs?: AppLogs;
};

export type RunningHost = {
  /** Open this once: a one-time launch link (10 minutes), which the host trades for the session cookie. */
  url: string;
  /** Another one-time launch link (a second browser context, a test). */
  launchUrl(): string;
  /**
   * A page only this user can read (0600) that signs a browser in when opened: what the CLI hands to
   * the desktop's opener, so no secret is ever on a command line. Refreshed with a new token each
   * time it is used; removed when the host stops.
   */
  launchFile: string;
  /** The app's origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  port: number;
  /** main → page events (crash notices from the CLI's guards go out here). */
  events: EventHub;
  close(): Promise<void>;
};

/** Served to the page in place of the Electron preload; see preload/bridge.ts. */
export const BRIDGE_PATH = '/__gavel/bridge.js';
/** Spends a one-time launch token (`?t=`) for the session cookie. */
export const LAUNCH_PATH = '/__gavel/launch';
/** The launch page's only script: on to the app, replacing the launch entry in the tab's history. */
const LAUNCHED_SCRIPT_PATH = '/__gavel/launched.js';
const LAUNCHED_SCRIPT = "location.replace('/');\n";
const LAUNCHED_PAGE = `<!doctype html><meta charset="utf-8"><title>Gavel</title><script src="${LAUNCHED_SCRIPT_PATH}"></script>\n`;
const LINK_TTL_MS = 10 * 60_000;

/**
 * Browser mode: serve the built renderer on loopback and carry the IPC contract over a WebSocket, with
 * the same router and the same handlers as Electron main. See hostSecurity.ts for the request checks.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindAddress = loopbackBindAddress(options.host ?? '127.0.0.1');
  const rendererDir = path.resolve(options.rendererDir);
  const bridgeFile = options.bridgeFile ?? path.join(rendererDir, '..', 'bridge', 'bridge.js');
  const log = options.log ?? (() => undefined);
  await mkdir(options.dataDir, { recursive: true });
  const [bridgeScript, indexHtml] = await Promise.all([
    readFile(bridgeFile),
    readFile(path.join(rendererDir, 'index.html'), 'utf8'),
  ]).catch((error: unknown) => {
    throw new Error(
      `The built app is missing (${error instanceof Error ? error.message : String(error)}). Run \`npm run build\` first.`,
    );
  });
  const page = Buffer.from(injectBridge(indexHtml));

  // Never leaves this process: the session cookie is derived from it (hostSecurity.ts).
  const secret = randomBytes(32).toString('base64url');
  const tokens = new LaunchTokens(LINK_TTL_MS);
  const services = await createMainServices({
    dataDir: options.dataDir,
    mode: 'browser',
    standalone: options.standalone ?? false,
    log,
    logs: options.logs,
    // Kept out of an exported diagnostics bundle: the secret, the cookie derived from it, and the launch file's token.
    launchSecrets: () => [secret, cookieValue, fileToken].filter((s) => s !== ''),
  });
  // Filled in once the port is known; requests cannot arrive before listen() resolves.
  let hostNames: string[] = [];
  let origins: string[] = [];
  let cookieName = '';
  let cookieValue = '';
  let fileToken = '';
  let launchFile = '';
  let router = createIpcRouter(services.handlers, { allowedOrigins: [] });

  const authenticated = (req: http.IncomingMessage) => secretMatches(parseCookies(req.headers.cookie).get(cookieName), cookieValue);
  const writeLaunchFile = async () => {
    fileToken = tokens.mint(365 * 24 * 3600_000);
    await mkdir(path.dirname(launchFile), { recursive: true, mode: 0o700 });
    const link = `${origins[0]}${LAUNCH_PATH}?t=${fileToken}`;
    await writeFile(
      launchFile,
      `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Gavel</title>\n<meta http-equiv="refresh" content="0;url=${link}">\n<a href="${link}">Open Gavel</a>\n`,
      { mode: 0o600 },
    );
  };

  const handleRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Security-Policy': HOST_CSP_HEADER, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const text = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
    if (!isAllowedHostHeader(req.headers.host, hostNames)) return send(421, 'Unknown host name.\n', text);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed.\n', { ...text, Allow: 'GET, HEAD' });
    const url = parseRequestTarget(req.url);
    if (!url) return send(400, 'Bad request target.\n', text);

    // The launch: reached from a file:// page or a pasted link, so from no origin of ours; the
    // one-time token is the proof. Nothing else is served without the session cookie.
    if (url.pathname === LAUNCHED_SCRIPT_PATH) return send(200, LAUNCHED_SCRIPT, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
    if (url.pathname === LAUNCH_PATH) {
      const page = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
      if (authenticated(req)) return send(200, LAUNCHED_PAGE, page);
      const offered = url.searchParams.get('t');
      if (!tokens.spend(offered)) return send(403, 'This launch link was already used or has expired: open Gavel again from its launch file, or start it again for a new link.\n', text);
      // The file always holds a live token: the one it had is spent now.
      if (offered === fileToken) void writeLaunchFile().catch((error: unknown) => log(`host: could not renew the launch file: ${String(error)}`));
      return send(200, LAUNCHED_PAGE, { ...page, 'Set-Cookie': `${cookieName}=${cookieValue}; HttpOnly; SameSite=Strict; Path=/` });
    }
    if (!isAllowedOrigin(req.headers.origin, origins, false)) return send(403, 'Cross-origin request refused.\n', text);
    if (!authenticated(req)) {
      return send(403, 'Open Gavel with its launch file or the one-time link printed by `npm run start:browser`.\n', text);
    }
    if (url.pathname === BRIDGE_PATH) {
      return send(200, bridgeScript, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
    }
    const mediaSha = shaFromMediaPath(url.pathname);
    if (mediaSha) {
      void services.media.lookup(mediaSha).then(
        (file) => {
          if (!file) return send(404, 'Not cached.\n', text);
          res.writeHead(200, { ...SECURITY_HEADERS, ...mediaResponseHeaders(file.mimeType, file.bytes) });
          if (req.method === 'HEAD') return res.end();
          createReadStream(file.path).on('error', () => res.destroy()).pipe(res);
        },
        () => send(500, 'Internal error.\n', text),
      );
      return;
    }
    void readStaticFile(rendererDir, url.pathname).then(
      (file) => {
        if (!file) return send(404, 'Not found.\n', text);
        const isPage = path.basename(file.filePath) === 'index.html';
        send(200, isPage ? page : file.body, {
          'Content-Type': file.contentType,
          'Cache-Control': isPage ? 'no-store' : 'no-cache',
        });
      },
      (error: unknown) => {
        log(`host: failed to serve ${url.pathname}: ${String(error)}`);
        send(500, 'Internal error.\n', text);
      },
    );
  };
  // The host carries the embedded backend and every IPC handler: no request, however malformed, may
  // end the process. Handlers validate what they read; this guard catches what nobody foresaw.
  const server = http.createServer((req, res) => {
    try {
      handleRequest(req, res);
    } catch (error) {
      log(`host: request ${JSON.stringify(req.url?.slice(0, 200))} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal error.\n');
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: SOCKET_MAX_PAYLOAD });
  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  server.on('upgrade', (req, socket: Duplex, head) => {
    socket.on('error', (error) => log(`host: upgrade socket failed: ${error.message}`));
    try {
      // Host and Origin first: nothing of a request from a foreign name is looked at further.
      if (!isAllowedHostHeader(req.headers.host, hostNames)) return refuse(socket, '421 Misdirected Request');
      if (parseRequestTarget(req.url)?.pathname !== SOCKET_PATH) return refuse(socket, '404 Not Found');
      // Browsers always send Origin on a WebSocket; requiring our own stops other sites from connecting.
      if (!isAllowedOrigin(req.headers.origin, origins, true)) return refuse(socket, '403 Forbidden');
      if (!authenticated(req)) return refuse(socket, '401 Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch (error) {
      log(`host: upgrade failed: ${error instanceof Error ? error.message : String(error)}`);
      socket.destroy();
    }
  });

  wss.on('connection', (ws: WebSocket, req: http.IncomingMessage) => {
    // The page cannot be framed (frame-ancestors 'none', X-Frame-Options) and the Origin was checked,
    // so a connection here is the app's top-level document.
    const sender = { url: `${req.headers.origin ?? ''}/`, isMainFrame: true };
    // ws reports protocol violations (a frame over maxPayload, bad UTF-8, bad opcodes) as 'error' and then
    // closes the socket itself (1009, 1007, 1002). Unlistened, the error would be thrown and end the host.
    ws.on('error', (error) => log(`host: closed an IPC socket: ${error.message}`));
    ws.on('message', (data, isBinary) => {
      const message = isBinary ? null : parseSocketInvoke(frameText(data));
      if (!message) {
        ws.close(1008, 'malformed message');
        return;
      }
      void router.handle(message.channel, message.request, sender).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id: message.id, result } satisfies SocketServerMessage));
      });
    });
  });
  const unsubscribe = services.events.subscribe((event, payload) => {
    const frame = JSON.stringify({ type: 'event', event, payload } satisfies SocketServerMessage);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindAddress, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  hostNames = allowedHostNames(bindAddress, port);
  origins = allowedOrigins(bindAddress, port);
  cookieName = sessionCookieName(port);
  cookieValue = sessionCookieValue(secret, port);
  launchFile = path.join(options.dataDir, 'run', `launch-${port}.html`);
  await writeLaunchFile();
  router = createIpcRouter(services.handlers, {
    allowedOrigins: origins,
    onHandlerError: (channel, error) => log(`host: ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  const origin = origins[0] ?? `http://${bindAddress}:${port}`;

  const launchUrl = () => `${origin}${LAUNCH_PATH}?t=${tokens.mint()}`;
  return {
    url: launchUrl(),
    launchUrl,
    launchFile,
    origin,
    port,
    events: services.events,
    async close() {
      unsubscribe();
      await rm(launchFile, { force: true });
      await services.dispose();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Put the bridge first in <head>: a classic script runs before the app's deferred module script. */
export function injectBridge(html: string): string {
  const tag = `<script src="${BRIDGE_PATH}"></script>`;
  const at = html.search(/<script\b/i);
  if (at >= 0) return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
  return html.replace(/<\/head>/i, `  ${tag}\n  </head>`);
}

function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(new Uint8Array(data)).toString('utf8');
}
