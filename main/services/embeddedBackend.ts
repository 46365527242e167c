/**
 * Standalone mode: with no backend configured, main runs the real server (server/ on PGlite in the
 * app's data folder) on a loopback port, seeded with demo cases on first run, and signs in as a
 * demo arbitrator. Same code as production, so nothing behaves differently offline-first or not.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { DEMO_ACCOUNTS, startServer, type DemoAccount, type RunningServer, type StartOptions } from '../../server/start';

export type EmbeddedBackend = { url: string; account: DemoAccount; seeded: number; close(): Promise<void> };

export type EmbeddedOptions = {
  dataDir: string;
  /** Demo cases generated on first run (when the database holds none). */
  seed?: number;
  /** Which demo account the app signs in as. */
  username?: string;
  /** The embedded server's own logger (its rolling file); silent without one. */
  logger?: Logger;
  onProgress?: StartOptions['onProgress'];
};

export async function startEmbeddedBackend(options: EmbeddedOptions): Promise<EmbeddedBackend> {
  const username = options.username ?? 'arbitrator1';
  const account = DEMO_ACCOUNTS.find((a) => a.username === username);
  if (!account) throw new Error(`No demo account named "${username}".`);
  const server: RunningServer = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: path.join(options.dataDir, 'server'),
    seed: options.seed ?? 300,
    logger: options.logger ?? false,
    onProgress: options.onProgress,
    demoAccounts: true,
    // Decision history by the other demo arbitrators, for supervisor QA; the signed-in account's queue stays its own.
    demoDecisions: { exclude: [username] },
  });
  return { url: server.url, account, seeded: server.seeded, close: () => server.close() };
}
