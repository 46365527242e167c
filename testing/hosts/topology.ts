/**
 * Several hosts on one machine: each server and PostgreSQL in its own network namespace with its own
 * address, joined by a bridge, and HAProxy (Debian's) in front of the servers. Made and removed by
 * the test itself (`ip netns`, veth, a bridge, `tc netem`), so nothing of it outlives a run. Root only.
 *
 *   clients (this process) ──► HAProxy 127.0.0.1:P ──► bridge 10.88.N.1
 *        ├── ns s1: server 10.88.N.11:8080 ─┐
 *        ├── ns s2: server 10.88.N.12:8080 ─┼──► ns pg: PostgreSQL 10.88.N.10:5432
 *        └── ns s3: server 10.88.N.13:8080 ─┘
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pgUnavailableReason, startPgCluster, type PgCluster } from '../../server/db/pgCluster';
import { SERVER_NODE_ARGS } from '../../server/nodeArgs';
import { freePort } from '../chaos/processes';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HAPROXY = '/usr/sbin/haproxy';

function sh(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

function must(cmd: string, args: string[]): void {
  const r = sh(cmd, args);
  if (!r.ok) throw new Error(`${cmd} ${args.join(' ')}: ${r.out}`);
}

/** Why the many-hosts topology cannot be built here, or null when it can. */
export function hostsUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'making network namespaces needs root';
  if (!sh('sh', ['-c', 'command -v ip && command -v tc']).ok) return 'the iproute2 tools (ip, tc) are not installed';
  if (!sh(HAPROXY, ['-v']).ok) return `HAProxy is not installed at ${HAPROXY} (apt-get install haproxy; scripts/setup-system.sh does)`;
  const pg = pgUnavailableReason();
  if (pg) return pg;
  // The kernel (or a container) may refuse namespaces even to root: try one.
  const probe = `gvprobe${process.pid % 100000}`;
  const made = sh('ip', ['netns', 'add', probe]);
  if (!made.ok) return `the kernel refuses network namespaces here: ${made.out}`;
  sh('ip', ['netns', 'del', probe]);
  const br = sh('ip', ['link', 'add', `gvpb${process.pid % 100000}`, 'type', 'bridge']);
  if (!br.ok) return `the kernel refuses bridges here: ${br.out}`;
  sh('ip', ['link', 'del', `gvpb${process.pid % 100000}`]);
  return null;
}

export type ServerHost = { name: string; ns: string; address: string; vethRoot: string; child: ChildProcess | null; degraded: boolean };

/** A slow, lossy link to one server host (1-based `host`). */
export type DegradedLink = { host: number; delayMs: number; lossPercent: number };

export type HostsOptions = {
  servers?: number;
  degrade?: DegradedLink;
  log?: (m: string) => void;
};

let topologySeq = Math.floor(Math.random() * 90);

/** Whether this kernel has the netem queueing discipline (some VM kernels are built without it). */
export function hasNetem(): boolean {
  const probe = `gvnp${process.pid % 100000}`;
  if (!sh('ip', ['netns', 'add', probe]).ok) return false;
  try {
    return sh('ip', ['netns', 'exec', probe, 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms']).ok;
  } finally {
    sh('ip', ['netns', 'del', probe]);
  }
}

/**
 * The topology. `start()` builds namespaces, PostgreSQL, the servers and HAProxy; `close()` removes
 * every one of them, whatever failed on the way.
 */
export class Hosts {
  // Unique among the topologies of one process (chaos runs 20 in a row): a counter, from a random start.
  readonly id = `${process.pid % 10000}${10 + (topologySeq++ % 90)}`;
  /** A /24 of 10.88.0.0/16 for this run, so two runs on one machine do not meet. */
  readonly subnet = `10.88.${(process.pid + Math.floor(Math.random() * 200)) % 250}`;
  readonly bridge = `gvbr${this.id}`;
  readonly servers: ServerHost[] = [];
  private readonly namespaces: string[] = [];
  private readonly links: string[] = [];
  private haproxy: ChildProcess | null = null;
  private readonly relays: ChildProcess[] = [];
  private haproxyDir = '';
  pg: PgCluster | null = null;
  /** The load balancer's address: what every client is configured with. */
  url = '';
  private readonly log: (m: string) => void;

  constructor(private readonly o: HostsOptions = {}) {
    this.log = o.log ?? (() => undefined);
  }

  /** A namespace joined to the bridge by a veth pair, with `address` on its side. */
  private addHost(name: string, address: string): { ns: string; vethRoot: string } {
    const ns = `gv${this.id}${name}`;
    const vethRoot = `gv${this.id}${name}r`;
    must('ip', ['netns', 'add', ns]);
    this.namespaces.push(ns);
    must('ip', ['link', 'add', vethRoot, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    this.links.push(vethRoot);
    must('ip', ['link', 'set', vethRoot, 'master', this.bridge]);
    must('ip', ['link', 'set', vethRoot, 'up']);
    must('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    must('ip', ['netns', 'exec', ns, 'ip', 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
    must('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'eth0', 'up']);
    return { ns, vethRoot };
  }

  async start(): Promise<void> {
    const n = this.o.servers ?? 3;
    try {
      must('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
      this.links.push(this.bridge);
      must('ip', ['addr', 'add', `${this.subnet}.1/24`, 'dev', this.bridge]);
      must('ip', ['link', 'set', this.bridge, 'up']);
      const pgHost = this.addHost('pg', `${this.subnet}.10`);
      this.log(`PostgreSQL host ${pgHost.ns} at ${this.subnet}.10`);
      this.pg = await startPgCluster({ netns: pgHost.ns, listen: `${this.subnet}.10`, trustSubnet: `${this.subnet}.0/24` });
      for (let i = 1; i <= n; i++) {
        const address = `${this.subnet}.${10 + i}`;
        const { ns, vethRoot } = this.addHost(`s${i}`, address);
        this.servers.push({ name: `s${i}`, ns, address, vethRoot, child: null, degraded: this.o.degrade?.host === i });
      }
      // The first server migrates the database; the others find it done (migrations take a row lock).
      for (const s of this.servers) await this.startServer(s);
      const slow = this.servers.find((s) => s.degraded);
      if (slow && this.o.degrade) await this.degradeLink(slow, this.o.degrade);
      await this.startHaproxy();
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** `npm run server` inside the host's namespace, on its address. Resolves when it listens. */
  async startServer(s: ServerHost): Promise<void> {
    if (!this.pg) throw new Error('PostgreSQL is not running');
    // Behind the latency relay (no netem), the server listens inside its host only.
    const [host, port] = s.degraded && !this.netem ? ['127.0.0.1', '8081'] : [s.address, '8080'];
    const child = spawn(
      'ip',
      ['netns', 'exec', s.ns, process.execPath, ...SERVER_NODE_ARGS, '--import', 'tsx', path.join(root, 'server/index.ts'), '--host', host, '--port', port, '--workers', '1'],
      { cwd: root, env: { ...process.env, DATABASE_URL: this.pg.url, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    s.child = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server ${s.name} did not start: ${out}`)), 60_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        if (/listening on http/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server ${s.name} exited (${code}): ${out}`));
      });
    });
    child.stdout.resume();
    child.stderr.resume();
    this.log(`server ${s.name} listening on ${host}:${port} in ${s.ns}`);
  }

  /** SIGKILL every process of the host (as a crashed machine: no goodbye to clients or PostgreSQL). */
  async killServer(s: ServerHost): Promise<void> {
    const child = s.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    // Every process in the namespace is the host's: the primary and any worker.
    const pids = sh('ip', ['netns', 'pids', s.ns]).out.split(/\s+/).filter(Boolean);
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await exited;
    s.child = null;
    this.log(`server ${s.name} killed`);
  }

  private netemProbed: boolean | undefined;
  /**
   * netem where the kernel has it; else nftables for loss and a user-space relay for latency.
   * Probed (a throwaway namespace) only when a degraded link is asked for, then remembered.
   */
  get netem(): boolean {
    return (this.netemProbed ??= hasNetem());
  }

  /**
   * Latency each way and loss on one host's link. With netem: `tc netem` on both ends of its veth.
   * Without (this VM's kernel): loss is nftables dropping that share of packets in and out of the
   * host, in the kernel, so TCP retransmits as it would on a lossy wire; latency is a relay process
   * in the host holding every chunk (testing/hosts/delayRelay.mjs) in front of the server.
   */
  private async degradeLink(s: ServerHost, d: DegradedLink): Promise<void> {
    if (this.netem) {
      must('tc', ['qdisc', 'add', 'dev', s.vethRoot, 'root', 'netem', 'delay', `${d.delayMs}ms`, 'loss', `${d.lossPercent}%`]);
      must('ip', ['netns', 'exec', s.ns, 'tc', 'qdisc', 'add', 'dev', 'eth0', 'root', 'netem', 'delay', `${d.delayMs}ms`, 'loss', `${d.lossPercent}%`]);
    } else {
      const nft = (...args: string[]) => must('ip', ['netns', 'exec', s.ns, 'nft', ...args]);
      nft('add', 'table', 'inet', 'lossy');
      for (const [chain, hook] of [['in', 'input'], ['out', 'output']] as const) {
        nft('add', 'chain', 'inet', 'lossy', chain, `{ type filter hook ${hook} priority 0; }`);
        // Only the wire (eth0): the relay's hop to the server on loopback is not part of the link.
        nft('add', 'rule', 'inet', 'lossy', chain, hook === 'input' ? 'iifname' : 'oifname', 'eth0', 'numgen', 'random', 'mod', '100', '<', String(d.lossPercent), 'drop');
      }
      const relay = spawn('ip', ['netns', 'exec', s.ns, process.execPath, path.join(root, 'testing/hosts/delayRelay.mjs'), s.address, '8080', '127.0.0.1', '8081', String(d.delayMs)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      this.relays.push(relay);
      await new Promise<void>((resolve, reject) => {
        relay.stdout.once('data', () => resolve());
        relay.once('exit', (code) => reject(new Error(`delay relay exited (${code})`)));
      });
      relay.stdout.resume();
    }
    this.log(`link of ${s.name}: +${d.delayMs} ms each way, ${d.lossPercent} % loss (${this.netem ? 'tc netem' : 'nftables + delay relay'})`);
  }

  private async startHaproxy(): Promise<void> {
    const port = await freePort();
    this.haproxyDir = mkdtempSync(path.join(os.tmpdir(), 'gavel-haproxy-'));
    const cfg = path.join(this.haproxyDir, 'haproxy.cfg');
    // Health checks every 300 ms take a dead host out within a second. A request whose connection is
    // refused is retried on another server (redispatch); one already sent to a host that dies is
    // answered 502, and the client's own retry (the push is idempotent) does the rest.
    writeFileSync(
      cfg,
      [
        'global',
        '  maxconn 2000',
        'defaults',
        '  mode http',
        '  timeout connect 1s',
        '  timeout client 60s',
        '  timeout server 30s',
        '  retries 3',
        '  option redispatch',
        'frontend gavel',
        `  bind 127.0.0.1:${port}`,
        '  default_backend servers',
        'backend servers',
        '  balance roundrobin',
        '  option httpchk GET /readyz',
        '  http-check expect status 200',
        '  default-server inter 300ms fall 2 rise 2',
        ...this.servers.map((s) => `  server ${s.name} ${s.address}:8080 check`),
        '',
      ].join('\n'),
    );
    must(HAPROXY, ['-c', '-q', '-f', cfg]);
    const child = spawn(HAPROXY, ['-db', '-f', cfg], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.haproxy = child;
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    this.url = `http://127.0.0.1:${port}/`;
    // Ready when it answers and sees every server up.
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`haproxy exited: ${err}`);
      try {
        const r = await fetch(new URL('readyz', this.url));
        if (r.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`haproxy did not become ready: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    this.log(`HAProxy on ${this.url} in front of ${this.servers.map((s) => s.address).join(', ')}`);
  }

  async close(): Promise<void> {
    if (this.haproxy && this.haproxy.exitCode === null) {
      const exited = new Promise((r) => this.haproxy!.once('exit', r));
      this.haproxy.kill('SIGKILL');
      await exited;
    }
    this.haproxy = null;
    if (this.haproxyDir) rmSync(this.haproxyDir, { recursive: true, force: true });
    for (const r of this.relays.splice(0)) r.kill('SIGKILL');
    for (const s of this.servers) await this.killServer(s).catch(() => undefined);
    try {
      this.pg?.stop();
    } catch {
      // the namespace may already be gone
    }
    this.pg = null;
    for (const ns of this.namespaces.splice(0)) {
      // Anything still running in it (a server that would not die) goes with it.
      for (const pid of sh('ip', ['netns', 'pids', ns]).out.split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // gone
        }
      }
      sh('ip', ['netns', 'del', ns]);
    }
    for (const link of this.links.splice(0).reverse()) sh('ip', ['link', 'del', link]);
  }
}
