/**
 * A loopback HTTP proxy between main (the host) and the backend, where the chaos runner injects network
 * faults. Per request it can refuse (backend unreachable), drop the request before the server sees it,
 * drop the answer after the server acted on it (the nasty case: applied, but the client never heard),
 * send the request twice, and delay either way. It also reports every push it relays, so a kill can
 * be timed to the exact moment a push is in flight.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
/** The seeded stream the fault decisions are drawn from. */
export type Random = () => number;

export type NetworkFaults = {
  /** Probability of losing a request: half before the server sees it, half after it answered. */
  drop: number;
  /** Probability of forwarding a request twice (the client gets one of the two answers). */
  duplicate: number;
  /** Uniform extra delay in [0, maxDelayMs] before forwarding and again before answering. */
  maxDelayMs: number;
};

export type PushHook = (phase: 'request' | 'answered') => void;

export type FaultProxy = {
  url: string;
  /** `down`: every connection is torn down at once, as when the backend is unreachable. */
  setMode(mode: 'up' | 'down'): void;
  setFaults(faults: NetworkFaults | null): void;
  /** Called for each push: when it arrives, and once the server's answer is in hand (before relaying). */
  onPush(hook: PushHook | null): void;
  /** Point at a restarted backend. */
  setTarget(url: string): void;
  stats: { requests: number; dropped: number; duplicated: number; pushes: number; pushesAnswered: number };
  close(): Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFaultProxy(target: string, random: Random): Promise<FaultProxy> {
  let upstream = new URL(target);
  let mode: 'up' | 'down' = 'up';
  let faults: NetworkFaults | null = null;
  let pushHook: PushHook | null = null;
  const stats = { requests: 0, dropped: 0, duplicated: 0, pushes: 0, pushesAnswered: 0 };

  const forward = (req: http.IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const headers = { ...req.headers, host: upstream.host };
      const out = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () =>
            resolve({
              status: answer.statusCode ?? 502,
              headers: answer.headers,
              body: Buffer.concat(chunks),
            }),
          );
          answer.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)));
    req.on('error', () => req.socket.destroy());
  });
  server.keepAliveTimeout = 1000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    stats.requests++;
    const cut = (): void => void req.socket.destroy();
    // A function, not a narrowed variable: the mode changes while this request awaits.
    const down = () => mode === 'down';
    if (down()) return cut();
    const isPush = req.method === 'POST' && (req.url ?? '').startsWith('/v1/sync/push');
    if (isPush) {
      stats.pushes++;
      pushHook?.('request');
    }
    const f = faults;
    // Decide every fault up front from the seeded stream, so a seed replays the same faults in order.
    const dropBefore = f ? random() < f.drop / 2 : false;
    const dropAfter = f ? random() < f.drop / 2 / (1 - f.drop / 2) : false;
    const twice = f ? random() < f.duplicate : false;
    const delayIn = f ? Math.round(random() * f.maxDelayMs) : 0;
    const delayOut = f ? Math.round(random() * f.maxDelayMs) : 0;
    try {
      if (delayIn) await sleep(delayIn);
      if (dropBefore) {
        stats.dropped++;
        return cut();
      }
      if (twice) stats.duplicated++;
      const answers = await Promise.allSettled(
        twice ? [forward(req, body), forward(req, body)] : [forward(req, body)],
      );
      const got = answers.map((a) => (a.status === 'fulfilled' ? a.value : null)).filter((a) => a !== null);
      const answer = got[Math.floor(random() * got.length)];
      if (!answer) return cut();
      if (isPush && answer.status === 200) {
        stats.pushesAnswered++;
        pushHook?.('answered');
      }
      if (down()) return cut();
      if (dropAfter) {
        stats.dropped++;
        return cut();
      }
      if (delayOut) await sleep(delayOut);
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      headers['content-length'] = String(answer.body.length);
      res.writeHead(answer.status, headers);
      res.end(answer.body);
    } catch {
      cut();
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stats,
    setMode: (m) => {
      mode = m;
      if (m === 'down') server.closeAllConnections();
    },
    setFaults: (f) => (faults = f),
    onPush: (h) => (pushHook = h),
    setTarget: (t) => (upstream = new URL(t)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
