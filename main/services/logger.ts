import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';

/**
 * Log files in `<dataDir>/logs/`: one rolling set per process role (`main` for Electron main or the
 * browser-mode host, `server` for the embedded backend), JSON lines with levels (pino), rolled at
 * 5 MB with four older files kept. Written synchronously: the lines before a crash are the ones that
 * matter, and the app logs little. Users send them through Help → Export diagnostics.
 */
export const LOG_DIR = 'logs';
const ROLL_SIZE = '5m';
const KEEP = 4;

export type AppLogs = {
  /** The process's logger; `child({component})` for parts. */
  logger: Logger;
  /** The embedded server's logger (its own file, so request logs do not bury the app's). */
  server: Logger;
  dir: string;
  /** Flush and close the files (on quit, and before exiting after an uncaught error). */
  close(): void;
};

export type LogOptions = {
  dataDir: string;
  /** `info` unless GAVEL_LOG_LEVEL says otherwise. */
  level?: string;
  /** Also echo lines at or above this level to stderr (development, browser mode's terminal). */
  echo?: pino.Level | false;
};

export async function openAppLogs(options: LogOptions): Promise<AppLogs> {
  const dir = path.join(options.dataDir, LOG_DIR);
  const level = options.level ?? process.env.GAVEL_LOG_LEVEL ?? 'info';
  const roll = (name: string) => pinoRoll({ file: path.join(dir, name), size: ROLL_SIZE, limit: { count: KEEP }, mkdir: true, sync: true });
  const [mainFile, serverFile] = await Promise.all([roll('main'), roll('server')]);
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: mainFile }];
  // The terminal gets the message only; the file keeps the structured line.
  if (options.echo) streams.push({ level: options.echo, stream: { write: (line: string) => process.stderr.write(`${messageOf(line)}\n`) } });
  const logger = pino({ level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.multistream(streams));
  const server = pino({ level, base: { pid: process.pid, component: 'server' }, timestamp: pino.stdTimeFunctions.isoTime }, serverFile);
  let closed = false;
  return {
    logger,
    server,
    dir,
    close() {
      if (closed) return;
      closed = true;
      for (const f of [mainFile, serverFile]) {
        try {
          f.flushSync();
          f.end();
        } catch {
          // Already closed or never opened: nothing left to save.
        }
      }
    },
  };
}

function messageOf(line: string): string {
  try {
    const parsed = JSON.parse(line) as { msg?: unknown; err?: { stack?: unknown } };
    const msg = typeof parsed.msg === 'string' ? parsed.msg : line.trim();
    return typeof parsed.err?.stack === 'string' ? `${msg}\n${parsed.err.stack}` : msg;
  } catch {
    return line.trimEnd();
  }
}

/**
 * The last `count` lines of the newest log files of each role, oldest first (for diagnostics).
 * pino-roll names files `<role>.<n>.log` and counts up, so the highest numbers are the newest.
 */
export async function tailLogs(dataDir: string, count: number): Promise<Array<{ file: string; lines: string[] }>> {
  const dir = path.join(dataDir, LOG_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const byRole = new Map<string, Array<{ name: string; n: number }>>();
  for (const name of names) {
    const m = /^([a-z]+)\.(\d+)\.log$/.exec(name);
    if (!m) continue;
    const list = byRole.get(m[1]!) ?? [];
    list.push({ name, n: Number(m[2]) });
    byRole.set(m[1]!, list);
  }
  const out: Array<{ file: string; lines: string[] }> = [];
  for (const [, files] of [...byRole].sort(([a], [b]) => a.localeCompare(b))) {
    files.sort((a, b) => b.n - a.n);
    let lines: string[] = [];
    for (const f of files) {
      if (lines.length >= count) break;
      const full = path.join(dir, f.name);
      // A rolled file is at most ROLL_SIZE; reading it whole is cheaper than seeking line by line.
      if ((await stat(full)).size === 0) continue;
      const text = await readFile(full, 'utf8');
      lines = [...text.split('\n').filter(Boolean), ...lines];
    }
    out.push({ file: files[0]!.name, lines: lines.slice(-count) });
  }
  return out;
}
