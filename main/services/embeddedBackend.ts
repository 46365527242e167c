/**
 * Standalone mode: with no backend configured, main runs the real server (server/ on PGlite in the
 * app's data folder) on a loopback port, seeded with demo cases on first run, and signs in as a
 * demo arbitrator. Same code as production, so nothing behaves differently offline-first or not.
 *
 * Nothing about it is the same on two machines: the demo accounts get random passwords on first
 * start, kept beside the session in a file only this user can read, and main signs in with those.
 * The published demo passwords (DEMO_ACCOUNTS) are used only when the user asks (`--demo`). The
 * server answers only to its own loopback name, so a web page that rebinds a DNS name to 127.0.0.1
 * cannot call it.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { DEMO_ACCOUNTS, startServer, type DemoAccount, type RunningServer, type StartOptions } from '../../server/start';
import { readJsonFile, writeJsonFileAtomic } from './jsonFile';

export type EmbeddedBackend = { url: string; account: DemoAccount; seeded: number; credentialsFile: string; close(): Promise<void> };

export type EmbeddedOptions = {
  dataDir: string;
  /** Demo cases generated on first run (when the database holds none). */
  seed?: number;
  /** Which demo account the app signs in as. */
  username?: string;
  /** Use the published demo passwords (README) instead of this install's random ones. */
  demo?: boolean;
  /** The embedded server's own logger (its rolling file); silent without one. */
  logger?: Logger;
  onProgress?: StartOptions['onProgress'];
};

const StoredSchema = z.object({
  mode: z.enum(['demo', 'random']),
  accounts: z.array(z.object({ username: z.string(), password: z.string(), role: z.enum(['arbitrator', 'supervisor', 'admin']), displayName: z.string() })),
});
type Stored = z.infer<typeof StoredSchema>;

/** Where this install's embedded accounts are kept: beside the session's tokens, 0600. */
export function embeddedCredentialsFile(dataDir: string): string {
  return path.join(dataDir, 'session', 'embedded-accounts.json');
}

export async function startEmbeddedBackend(options: EmbeddedOptions): Promise<EmbeddedBackend> {
  const username = options.username ?? 'arbitrator1';
  if (!DEMO_ACCOUNTS.some((a) => a.username === username)) throw new Error(`No demo account named "${username}".`);
  const file = embeddedCredentialsFile(options.dataDir);
  const mode = options.demo ? 'demo' : 'random';
  const stored = await readJsonFile(file)
    .then((raw) => StoredSchema.safeParse(raw))
    .then((r) => (r.success ? r.data : null))
    .catch(() => null);
  const accounts: readonly DemoAccount[] =
    mode === 'demo' ? DEMO_ACCOUNTS : stored?.mode === 'random' ? stored.accounts : DEMO_ACCOUNTS.map((a) => ({ ...a, password: randomBytes(18).toString('base64url') }));
  const server: RunningServer = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: path.join(options.dataDir, 'server'),
    seed: options.seed ?? 300,
    logger: options.logger ?? false,
    onProgress: options.onProgress,
    initialAccounts: accounts,
    checkHost: true,
    // Decision history by the other demo arbitrators, for supervisor QA; the signed-in account's queue stays its own.
    demoDecisions: { exclude: [username] },
  });
  try {
    // An existing database whose accounts were set up another way (an older install with the
    // published passwords, or a switch to or from --demo): the passwords become the ones kept now.
    if (server.createdAccounts.length === 0 && stored?.mode !== mode) await adoptPasswords(server, accounts);
    const next: Stored = { mode, accounts: [...accounts] };
    await writeJsonFileAtomic(file, next);
  } catch (err) {
    await server.close();
    throw err;
  }
  const account = accounts.find((a) => a.username === username)!;
  return { url: server.url, account, seeded: server.seeded, credentialsFile: file, close: () => server.close() };
}

async function adoptPasswords(server: RunningServer, accounts: readonly DemoAccount[]): Promise<void> {
  const { db, auth } = server.app.gavel.deps;
  for (const a of accounts) {
    const user = await db.selectFrom('users').select('id').where('username', '=', a.username).executeTakeFirst();
    if (user) await auth.resetPassword(user.id, a.password, null);
    else await auth.createUser(a, null);
  }
}
