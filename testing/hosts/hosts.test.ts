import { describe, expect, it } from 'vitest';
import { hostsUnavailableReason } from './topology';
import { runHostsTrial } from './trial';

/**
 * The many-hosts trial in small (`npm run chaos -- --only hosts` runs it large): 3 server hosts and
 * a PostgreSQL host, each in its own network namespace, behind HAProxy; one server host killed
 * mid-push and brought back, another's link slowed and lossy. Nothing here is mocked: the
 * namespaces, PostgreSQL, the servers, HAProxy and the clients' sync code are the real ones.
 */
const unavailable = hostsUnavailableReason();

describe.skipIf(unavailable !== null)(`many hosts behind a load balancer${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('loses and doubles no decision when a server host dies mid-push and one link is slow and lossy', async () => {
    const r = await runHostsTrial({ arbitrators: 3, perArbitrator: 20, pushBatch: 5, delayMs: 100, lossPercent: 1, downMs: 1500, seed: 7, log: process.env.GAVEL_HOSTS_LOG ? console.log : undefined });
    expect(r.problems).toEqual([]);
    expect(r.decisions).toBe(60);
    // The kill landed while pushes were in flight (else the trial proves nothing about failover).
    expect(r.inFlightAtKill).toBeGreaterThan(0);
  }, 240_000);
});
