import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionState, DiagnosticsExport, RuntimeMode, SessionStatus, StartupState, UpdateState } from '@common/ipc/types';
import type { Settings } from '@common/ipc/settings';
import { APP_NAME, APP_VERSION } from '@common/version';
import { tailLogs } from './logger';
import { redactLogLine, redactText, redactUrl } from './redact';

/** Log lines per file role (main, server) that go into a diagnostics file. */
export const DIAGNOSTICS_LOG_LINES = 300;

export type DiagnosticsSources = {
  dataDir: string;
  mode: RuntimeMode;
  settings: () => Promise<Settings>;
  connection: () => ConnectionState;
  session: () => Promise<SessionStatus>;
  startup: () => StartupState;
  update: () => UpdateState;
  /** Values known to be secret right now (the launch secret, the session's tokens), scrubbed wherever they appear. */
  secrets: () => Promise<string[]>;
  /** Where Electron keeps local crash dumps (crashReporter); null in browser mode. */
  crashDumpsDir?: string | null;
};

/**
 * What a user sends when something goes wrong: versions, OS, settings without secrets, sync state and
 * counts, and the last log lines, all redacted (redact.ts). Never tokens, passwords, the launch secret
 * or case text. `counts` come from the renderer, which owns the local database.
 */
export async function buildDiagnostics(sources: DiagnosticsSources, counts: Record<string, number>): Promise<Record<string, unknown>> {
  const [settings, session, secrets, logs, crashDumps] = await Promise.all([
    sources.settings(),
    sources.session(),
    sources.secrets(),
    tailLogs(sources.dataDir, DIAGNOSTICS_LOG_LINES),
    sources.crashDumpsDir ? listCrashDumps(sources.crashDumpsDir) : Promise.resolve(null),
  ]);
  const connection = sources.connection();
  const update = sources.update();
  const startup = sources.startup();
  const text = (value: string | null) => (value === null ? null : redactText(value, secrets));
  return {
    generatedAt: new Date().toISOString(),
    app: { name: APP_NAME, version: APP_VERSION, mode: sources.mode },
    versions: { ...process.versions },
    os: {
      platform: process.platform,
      release: os.release(),
      arch: process.arch,
      cpus: os.cpus().length,
      memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
      freeMemoryGiB: +(os.freemem() / 2 ** 30).toFixed(1),
      locale: Intl.DateTimeFormat().resolvedOptions().locale,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      uptimeSeconds: Math.round(process.uptime()),
    },
    settings: {
      locale: settings.locale,
      theme: settings.theme,
      backend: redactUrl(settings.backendUrl) ?? 'standalone',
      updateFeed: redactUrl(settings.updateUrl) ?? 'built-in',
    },
    sync: {
      connection: { status: connection.status, backend: redactUrl(connection.backendUrl), checkedAt: connection.checkedAt, detail: text(connection.detail) },
      session: { signedIn: session.user !== null, role: session.user?.role ?? null, standalone: session.standalone, backend: redactUrl(session.backendUrl) },
      startup: { ...startup, detail: text(startup.detail) },
      counts,
    },
    update: { ...update, feedUrl: redactUrl(update.feedUrl), detail: text(update.detail) },
    crashDumps,
    logs: logs.map((l) => ({ file: l.file, lines: l.lines.map((line) => redactLogLine(line, secrets)) })),
  };
}

export async function exportDiagnostics(sources: DiagnosticsSources, counts: Record<string, number>): Promise<DiagnosticsExport> {
  const started = performance.now();
  const report = await buildDiagnostics(sources, counts);
  const dir = path.join(sources.dataDir, 'diagnostics');
  await mkdir(dir, { recursive: true });
  const fileName = `gavel-diagnostics-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  const file = path.join(dir, fileName);
  const body = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(file, body, { mode: 0o600 });
  return { path: file, fileName, bytes: Buffer.byteLength(body), ms: Math.round(performance.now() - started) };
}

async function listCrashDumps(dir: string): Promise<{ count: number; newest: string[] }> {
  const found: string[] = [];
  const walk = async (d: string, depth: number) => {
    for (const entry of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory() && depth < 3) await walk(path.join(d, entry.name), depth + 1);
      else if (entry.name.endsWith('.dmp')) found.push(entry.name);
    }
  };
  await walk(dir, 0);
  return { count: found.length, newest: found.sort().slice(-5) };
}
