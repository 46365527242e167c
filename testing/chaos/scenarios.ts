/**
 * The four fault scenarios. Each trial: the platform files fresh cases, the arbitrator holds them, the
 * app decides them, the fault strikes while they sync, the system recovers, and World.verify checks
 * the promise (exactly once on the server, Dexie = server, nothing pending).
 */
import type { World } from './world';

export type TrialOutcome = { fault: string; problems: string[]; convergeMs: number };
export type Scenario = {
  name: 'kills' | 'network' | 'restarts' | 'skew';
  description: string;
  defaultTrials: number;
  /** Decisions per trial. */
  decisions: number;
  /** Runs before the first trial (e.g. a fault mode for the whole scenario). */
  setup?: (world: World) => Promise<void>;
  trial: (world: World, index: number, decisions: number) => Promise<TrialOutcome>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fresh cases held by the arbitrator and present in the app's Dexie. */
async function casesInApp(world: World, n: number): Promise<string[]> {
  const ids = await world.newCases(n);
  await world.waitForCases(ids);
  return ids;
}

/** Decide `ids` while the backend is unreachable, so they all sync when it returns. */
async function decideOffline(world: World, ids: string[], prefix: string): Promise<string[]> {
  world.proxy.setMode('down');
  try {
    return await world.decide(ids, prefix);
  } finally {
    world.proxy.setMode('up');
  }
}

const kills: Scenario = {
  name: 'kills',
  description:
    'SIGKILL the browser-mode host or the server at a random moment while decisions sync from offline to online',
  defaultTrials: 50,
  decisions: 100,
  async trial(world, index, n) {
    const rng = world.rng;
    const ids = await casesInApp(world, n);
    world.proxy.setMode('down');
    const mutationIds = await world.decide(ids, `kill${index}-${world.seed}`);
    const target = rng.pick(['host', 'server'] as const);
    const trigger = rng.pick(['timer', 'push sent', 'push applied'] as const);
    const delayMs = rng.int(0, 600);
    let fired: Promise<void> | null = null;
    const stats = world.proxy.stats;
    const pushes = { sent: stats.pushes, answered: stats.pushesAnswered };
    let when = '';
    const fire = () => {
      // Where the sync stood at the kill: no push yet, a push in flight, or its answer in hand.
      when ??= '';
      if (!fired)
        when =
          stats.pushes === pushes.sent
            ? 'before push'
            : stats.pushesAnswered === pushes.answered
              ? 'push in flight'
              : 'push answered';
      return (fired ??= target === 'host' ? world.killHost() : world.killServer());
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (trigger === 'timer') timer = setTimeout(() => void fire(), delayMs);
    else
      world.proxy.onPush((phase) =>
        phase === (trigger === 'push sent' ? 'request' : 'answered') ? void fire() : undefined,
      );
    world.proxy.setMode('up');
    await world.pressSyncNow();
    for (let i = 0; i < 100 && !fired; i++) await sleep(100);
    clearTimeout(timer);
    world.proxy.onPush(null);
    const late = !fired;
    await fire();
    if (target === 'host') await world.restartHost();
    else await world.restartServer();
    const { ms } = await world.converge(ids, 120_000);
    const fault = `SIGKILL ${target} @ ${trigger === 'timer' ? `${delayMs} ms` : trigger}${late ? ' (late)' : ''}: ${when}`;
    return { fault, problems: await world.verify(ids, mutationIds), convergeMs: ms };
  },
};

const network: Scenario = {
  name: 'network',
  description:
    'a proxy between main and the server drops 30%, duplicates 20% and delays up to 2 s, every request, both ways',
  defaultTrials: 5,
  decisions: 100,
  async trial(world, index, n) {
    const faults = { drop: 0.3, duplicate: 0.2, maxDelayMs: 2000 };
    const before = { ...world.proxy.stats };
    world.proxy.setFaults(faults);
    try {
      const ids = await casesInApp(world, n);
      // Half decided offline (one big push when the network returns), half in waves of ten while
      // online (many small pushes and pulls), all through the same bad network.
      const half = Math.floor(n / 2);
      const mutationIds = await decideOffline(world, ids.slice(0, half), `net${index}-${world.seed}-off`);
      for (let w = 0; half + w * 10 < n; w++) {
        await world.pressSyncNow();
        // Let each wave land before the next, so every wave is its own push through the faults.
        await world.converge(ids.slice(0, mutationIds.length), 240_000);
        mutationIds.push(
          ...(await world.decide(
            ids.slice(half + w * 10, half + (w + 1) * 10),
            `net${index}-${world.seed}-w${w}`,
          )),
        );
      }
      await world.pressSyncNow();
      const { ms } = await world.converge(ids, 240_000);
      world.proxy.setFaults(null);
      const s = world.proxy.stats;
      const fault = `${s.requests - before.requests} req: ${s.dropped - before.dropped} dropped, ${s.duplicated - before.duplicated} duplicated`;
      return { fault, problems: await world.verify(ids, mutationIds), convergeMs: ms };
    } finally {
      world.proxy.setFaults(null);
    }
  },
};

const restarts: Scenario = {
  name: 'restarts',
  description: 'the server restarted (SIGTERM, graceful) while pushes are in flight, several times per trial',
  defaultTrials: 5,
  decisions: 100,
  async trial(world, index, n) {
    const rng = world.rng;
    const ids = await casesInApp(world, n);
    const waves = 2;
    const size = Math.ceil(n / waves);
    const mutationIds: string[] = [];
    const delays: number[] = [];
    for (let w = 0; w < waves; w++) {
      const wave = ids.slice(w * size, (w + 1) * size);
      if (wave.length === 0) break;
      mutationIds.push(...(await world.decide(wave, `rst${index}-${world.seed}-w${w}`)).map((x) => x));
      await world.pressSyncNow();
      const delay = rng.int(0, 600);
      delays.push(delay);
      await sleep(delay);
      await world.stopServer();
      await world.restartServer();
    }
    // decide() numbers mutations per wave; the ids above are in case order already.
    const { ms } = await world.converge(ids, 120_000);
    return {
      fault: `${delays.length} restarts @ ${delays.join('/')} ms`,
      problems: await world.verify(ids, mutationIds),
      convergeMs: ms,
    };
  },
};

const SKEWS = [
  { label: 'renderer +10 min', rendererMs: 600_000 },
  { label: 'renderer −10 min', rendererMs: -600_000 },
  { label: 'host +10 min', hostMs: 600_000 },
  { label: 'host −10 min', hostMs: -600_000 },
  { label: 'both +10 min', rendererMs: 600_000, hostMs: 600_000 },
  { label: 'both −10 min', rendererMs: -600_000, hostMs: -600_000 },
];

const skew: Scenario = {
  name: 'skew',
  description:
    'the client clock off by ±10 minutes (renderer Date via addInitScript, host Date via a test-only --import)',
  defaultTrials: SKEWS.length,
  decisions: 100,
  async trial(world, index, n) {
    const s = SKEWS[index % SKEWS.length]!;
    await world.newWorkstation({ rendererMs: s.rendererMs, hostMs: s.hostMs });
    const ids = await casesInApp(world, n);
    const mutationIds = await decideOffline(world, ids, `skew${index}-${world.seed}`);
    await world.pressSyncNow();
    const { ms } = await world.converge(ids, 120_000);
    return { fault: s.label, problems: await world.verify(ids, mutationIds), convergeMs: ms };
  },
};

export const SCENARIOS: readonly Scenario[] = [kills, network, restarts, skew];
