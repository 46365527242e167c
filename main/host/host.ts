import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
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
  loopbackBindAddress,
  parseCookies,
  parseRequestTarget,
  secretMatches,
  sessionCookieName,
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
  standalone?: { seed?: number; username?: string } | false;
  /** Rolling log files (the CLI opens them in the data folder); the embedded server writes its own. */
  logs?: AppLogs;
};

export type RunningHost = {
  /** Open this: it carries the per-launch secret, which the host trades for a cookie. */
  url: string;
  /** The app's origin, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  port: number;
  /** main → page events (crash notices from the CLI's guards go out here). */
  events: EventHub;
  close(): Promise<void>;
};

/** Served to the page in place of the Electron preload; see preload/bridge.ts. */
export const BRIDGE_PATH = '/__gavel/bridge.js';

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

  const secret = randomBytes(32).toString('base64url');
  const services = await createMainServices({
    dataDir: options.dataDir,
    mode: 'browser',
    standalone: options.standalone ?? false,
    log,
    logs: options.logs,
    launchSecrets: () => [secret],
  });
  // Filled in once the port is known; requests cannot arrive before listen() resolves.
  let hostNames: string[] = [];
  let origins: string[] = [];
  let cookieName = '';
  let router = createIpcRouter(services.handlers, { allowedOrigins: [] });

  const authenticated = (req: http.IncomingMessage) =>
    secretMatches(parseCookies(req.headers.cookie).get(cookieName), secret);

  const handleRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Security-Policy': HOST_CSP_HEADER, ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const text = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
    if (!isAllowedHostHeader(req.headers.host, hostNames)) return send(421, 'Unknown host name.\n', text);
    if (!isAllowedOrigin(req.headers.origin, origins, false)) return send(403, 'Cross-origin request refused.\n', text);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed.\n', { ...text, Allow: 'GET, HEAD' });
    const url = parseRequestTarget(req.url);
    if (!url) return send(400, 'Bad request target.\n', text);

    const offered = url.searchParams.get('s');
    if (offered !== null) {
      if (!secretMatches(offered, secret)) return send(403, 'This link is not valid for the running Gavel host.\n', text);
      // Trade the secret for an HttpOnly cookie and drop it from the address bar (and history).
      return send(303, '', {
        ...text,
        Location: url.pathname,
        'Set-Cookie': `${cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
      });
    }
    if (!authenticated(req)) {
      return send(403, 'Open Gavel with the link printed by `npm run start:browser` (it carries a per-launch secret).\n', text);
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
  router = createIpcRouter(services.handlers, {
    allowedOrigins: origins,
    onHandlerError: (channel, error) => log(`host: ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });
  const origin = origins[0] ?? `http://${bindAddress}:${port}`;

  return {
    url: `${origin}/?s=${secret}`,
    origin,
    port,
    events: services.events,
    async close() {
      unsubscribe();
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
