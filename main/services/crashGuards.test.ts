import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crash guards', () => {
  it('log an uncaught error and an unhandled rejection, tell the page, and keep the process serving', async () => {
    // A process of its own: the test runner has its own handlers for uncaught errors.
    const script = `
      import { createEventHub } from '${path.join(root, 'main/services/eventHub.ts')}';
      import { installCrashGuards } from '${path.join(root, 'main/services/crashGuards.ts')}';
      import { openAppLogs } from '${path.join(root, 'main/services/logger.ts')}';
      const logs = await openAppLogs({ dataDir: ${JSON.stringify(dir)} });
      const events = createEventHub();
      events.subscribe((event, payload) => console.log('event', event, payload.message));
      installCrashGuards({ logger: logs.logger, events, logFile: logs.dir });
      setTimeout(() => { throw new Error('viewer state went wrong'); }, 10);
      setTimeout(() => void Promise.reject(new Error('a promise nobody awaited')), 20);
      setTimeout(() => { console.log('still serving'); logs.close(); }, 200);
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
    expect(stdout).toContain('event app:error viewer state went wrong');
    expect(stdout).toContain('event app:error a promise nobody awaited');
    expect(stdout).toContain('still serving');
    const log = readdirSync(path.join(dir, 'logs')).filter((f) => f.startsWith('main.')).map((f) => readFileSync(path.join(dir, 'logs', f), 'utf8')).join('');
    expect(log).toContain('"kind":"uncaughtException"');
    expect(log).toContain('"kind":"unhandledRejection"');
    expect(log).toContain('viewer state went wrong');
  });
});
