/**
 * Offline work and reconnection (issue 5) and the local-first peer (issue 8), in Node: the
 * renderer's Dexie store and SyncEngine on fake-indexeddb, main's SyncService and the real server
 * on PGlite (the embedded backend), over loopback HTTP.
 * - 1,000 decisions made while the backend is down, all acknowledged within 15 s of reconnection;
 * - a local-first decision (durable outbox row) next to an online-only round trip (push and wait
 *   for the server's answer) through a proxy adding 50 ms each way, as a ratio.
 * fake-indexeddb is not Chromium's IndexedDB: the browser figure for the keystroke lives in the
 * sync bench; this one compares designs on equal terms.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_POLICY } from '../../common/policy';
import { fileVault } from '../../main/services/session';
import { SyncService } from '../../main/services/syncService';
import { startServer, type RunningServer } from '../../server/start';
import { bundle, decisionFor } from '../../testing/serverHarness';
import { applyClaimedCases } from '../../src/data/casesRepo';
import { GavelDb } from '../../src/data/db';
import { recordDecision } from '../../src/data/outboxRepo';
import { SyncEngine } from '../../src/sync/engine';
import { httpSyncPort } from '../../testing/httpSyncPort';
import type { Bench, Metric } from './harness';


/** A loopback TCP proxy that holds every chunk for `delayMs` in each direction. */
async function latencyProxy(target: URL, delayMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    const relay = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs)).on('close', () => setTimeout(() => to.destroy(), delayMs));
    relay(client, upstream);
    relay(upstream, client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const bench: Bench = {
  name: 'offline',
  description: '1,000 offline decisions acknowledged after reconnection; local-first decision vs online round trip with 50 ms latency',
  async run(ctx) {
    const n = Math.max(50, Math.round(1000 * ctx.scale));
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gavel-bench-offline-'));
    let port = 0;
    const start = (): Promise<RunningServer> => startServer({ host: '127.0.0.1', port, dataDir: path.join(dir, 'server'), logger: false, demoAccounts: true });
    let server = await start();
    port = Number(new URL(server.url).port);
    const db = new GavelDb(`bench-offline-${Date.now()}`);
    try {
      const adminLogin = await fetch(new URL('v1/auth/login', server.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'gavel-demo-admin' }),
      });
      const { accessToken } = (await adminLogin.json()) as { accessToken: string };
      ctx.log(`importing and claiming ${n + 60} cases (not timed)…`);
      const imported = await fetch(new URL('v1/import', server.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(Array.from({ length: n + 60 }, (_, i) => bundle(i))),
      });
      if (!imported.ok) throw new Error(`import: HTTP ${imported.status}`);

      const sync = new SyncService({ vault: fileVault(path.join(dir, 'vault')) });
      const me = (await sync.login(server.url, 'arbitrator1', 'gavel-demo-1')).user!;
      const port = httpSyncPort(sync);
      const engine = new SyncEngine(db, port, { random: () => 0 });
      for (let claimed = 0; claimed < n; ) {
        const res = await port.claim({ count: Math.min(200, n - claimed) });
        if (res.cases.length === 0) throw new Error(`only ${claimed} cases to claim`);
        await applyClaimedCases(db, res.cases);
        claimed += res.cases.length;
      }
      const rows = (await db.cases.toArray()).slice(0, n);

      // The backend goes away; the arbitrator decides every case.
      await server.close();
      for (const [i, row] of rows.entries()) {
        await recordDecision(db, row.id, { ...decisionFor(row.kind, me.id, `bench-offline-${i}`), policyVersion: DEFAULT_POLICY.version });
      }
      if ((await db.outbox.count()) !== n) throw new Error('outbox does not hold every decision');

      // It comes back; time from the reconnection until the last acknowledgement is applied.
      server = await start();
      const t0 = performance.now();
      await engine.syncNow();
      const ackMs = performance.now() - t0;
      const left = await db.outbox.count();
      const conflicts = await db.conflicts.count();
      if (left !== 0 || conflicts !== 0) throw new Error(`after reconnection: ${left} pending, ${conflicts} conflicts`);
      ctx.log(`${n} offline decisions acknowledged in ${(ackMs / 1000).toFixed(2)} s`);

      // Local-first vs online-only, side by side on fresh cases.
      const more = await port.claim({ count: 40 });
      await applyClaimedCases(db, more.cases);
      const proxy = await latencyProxy(new URL(server.url), 50);
      const online = new SyncService({ vault: fileVault(path.join(dir, 'vault-online')) });
      await online.login(proxy.url, 'arbitrator1', 'gavel-demo-1');
      const onlinePort = httpSyncPort(online);
      const local: number[] = [];
      const roundTrip: number[] = [];
      try {
        for (const [i, view] of more.cases.entries()) {
          const decision = { ...decisionFor(view.kind, me.id, `bench-peer-${i}`), policyVersion: DEFAULT_POLICY.version };
          if (i % 2 === 0) {
            const t = performance.now();
            await recordDecision(db, view.id, decision);
            local.push(performance.now() - t);
          } else {
            const t = performance.now();
            const res = await onlinePort.push([{ clientId: `bench-peer-${i}`, type: 'decide', caseId: view.id, decision }]);
            if (res.results[0]?.status !== 'applied') throw new Error(`online decision: ${JSON.stringify(res.results[0])}`);
            roundTrip.push(performance.now() - t);
          }
        }
      } finally {
        await proxy.close();
      }
      const metrics: Metric[] = [
        { name: `${n} offline decisions acknowledged after reconnection`, unit: 's', samples: [ackMs / 1000], budget: { op: '<=', value: 15 }, note: 'one run; SyncEngine + SyncService + server on PGlite' },
        {
          name: 'local-first decision (durable outbox row, fake-indexeddb)',
          unit: 'ms',
          samples: local,
          peer: { name: 'online-only decision (push round trip, +50 ms each way)', samples: roundTrip },
          note: 'ratio = peer / this',
        },
      ];
      return metrics;
    } finally {
      db.close();
      await server.close().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  },
};
