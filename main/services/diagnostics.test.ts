import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { UpdateState } from '@common/ipc/types';
import { exportDiagnostics, type DiagnosticsSources } from './diagnostics';
import { openAppLogs } from './logger';
import { redactText } from './redact';
import { createSettingsStore } from './settingsStore';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gavel-diag-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// What must never leave the machine, planted where real logs and settings put such things.
const LAUNCH_SECRET = 'Qm9vdHN0cmFwU2VjcmV0Rm9yVGhpc0xhdW5jaDEyMzQ1';
const ACCESS = 'gat_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';
const REFRESH = 'grt_cmVmcmVzaHRva2VuZm9ydGhpc3Nlc3Npb25vbmx5MTIz';
const PASSWORD = 'hunter2-correct-horse';
const CASE_TEXT = '买家称收到的手机是翻新机，屏幕有划痕';
const CASE_TEXT_EN = 'the buyer says the phone arrived refurbished';
const CASE_ID = '0b7d5a1e-6c2f-4e8a-9f3d-2a1b0c9d8e7f';

describe('diagnostics export', () => {
  it('carries versions, OS, settings, sync state, counts and log lines, and none of the secrets or case text', async () => {
    const dataDir = path.join(dir, 'app');
    const settings = createSettingsStore(dataDir);
    await settings.update({ locale: 'en', backendUrl: `https://arb:${PASSWORD}@backend.example.com:8443/v1?token=${ACCESS}` });
    const logs = await openAppLogs({ dataDir });
    const log = logs.logger.child({ component: 'main' });
    log.info({ req: { method: 'GET', url: `/?s=${LAUNCH_SECRET}`, headers: { authorization: `Bearer ${ACCESS}`, cookie: `gavel_s=${LAUNCH_SECRET}` } } }, 'request');
    log.warn({ password: PASSWORD, accessToken: ACCESS, refreshToken: REFRESH }, `login as arbitrator1 with password=${PASSWORD}`);
    log.error({ err: new Error(`decision on ${CASE_ID} failed: note "${CASE_TEXT_EN}" rejected`), bundle: { case: { description: CASE_TEXT } } }, `import of ${CASE_TEXT} failed`);
    log.info(`launch link http://127.0.0.1:4000/?s=${LAUNCH_SECRET} opened; refresh ${REFRESH}`);
    logs.server.info({ req: { method: 'POST', url: `/v1/auth/refresh?refresh_token=${REFRESH}` }, res: { statusCode: 200 }, responseTime: 3 }, 'request completed');
    logs.close();

    const update: UpdateState = { status: 'error', unsupported: null, currentVersion: '0.1.0', version: null, percent: null, feedUrl: `https://u:${PASSWORD}@feed.example.com/gavel?key=${ACCESS}`, detail: `HTTP 401 for token ${ACCESS}`, checkedAt: null };
    const sources: DiagnosticsSources = {
      dataDir,
      mode: 'browser',
      settings: () => settings.get(),
      connection: () => ({ status: 'offline', backendUrl: `https://backend.example.com:8443/v1?token=${ACCESS}`, checkedAt: null, detail: `fetch failed: Bearer ${ACCESS}` }),
      session: () => Promise.resolve({ user: { id: 'u1', username: 'arbitrator1', displayName: '李娜', role: 'arbitrator' }, backendUrl: 'https://backend.example.com:8443', standalone: false, store: 'gavel:https://backend.example.com:8443:u1' }),
      startup: () => ({ phase: 'ready', done: 300, total: 300, detail: null }),
      update: () => update,
      secrets: () => Promise.resolve([LAUNCH_SECRET, ACCESS, REFRESH]),
    };
    const written = await exportDiagnostics(sources, { cases: 42, outboxPending: 3, conflicts: 1 });
    const text = readFileSync(written.path, 'utf8');
    expect(written.bytes).toBe(Buffer.byteLength(text));

    for (const secret of [LAUNCH_SECRET, ACCESS, REFRESH, PASSWORD, CASE_TEXT, CASE_TEXT_EN, '李娜']) expect(text, secret).not.toContain(secret);
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);

    const report = JSON.parse(text) as Record<string, Record<string, unknown>>;
    expect(report.versions!.node).toBe(process.versions.node);
    expect(report.os!.platform).toBe(process.platform);
    expect(report.settings).toEqual({ locale: 'en', theme: 'system', backend: 'https://backend.example.com:8443', updateFeed: 'built-in' });
    expect((report.sync!.counts as Record<string, number>).outboxPending).toBe(3);
    expect((report.sync!.session as { role: string }).role).toBe('arbitrator');
    const lines = (report.logs as unknown as Array<{ file: string; lines: string[] }>).flatMap((l) => l.lines);
    expect(lines).toHaveLength(5);
    // What operations needs stays: levels, messages, methods and paths, status codes, case ids.
    expect(text).toContain('request completed');
    expect(text).toContain('/v1/auth/refresh');
    expect(text).toContain(CASE_ID);
    expect(lines.find((l) => l.includes('import of'))).toMatch(/"redacted":\["bundle"\]/);
  });

  it('scrubs the common shapes of secrets from free text', () => {
    expect(redactText('Authorization: Bearer abc.def.ghi')).toBe('Authorization: Bearer [redacted]');
    expect(redactText('https://u:p@h.example/x?s=abc&y=1')).toBe('https://[redacted]@h.example/x?s=[redacted]&y=1');
    expect(redactText('http://127.0.0.1:4000/__gavel/launch?t=abc&y=1')).toBe('http://127.0.0.1:4000/__gavel/launch?t=[redacted]&y=1');
    expect(redactText('password: "p w"')).toBe('password: [redacted]');
    expect(redactText(`id ${CASE_ID} ok`)).toBe(`id ${CASE_ID} ok`);
    expect(redactText('at /work/app/node_modules/fastify/lib/route.js:12:3')).toBe('at /work/app/node_modules/fastify/lib/route.js:12:3');
  });

  it('keeps the last 300 lines of a long log (timed by npm run bench -- --only diagnostics)', async () => {
    const dataDir = path.join(dir, 'big');
    const logs = await openAppLogs({ dataDir });
    writeFileSync(path.join(dataDir, 'settings.json'), '{}');
    for (let i = 0; i < 2000; i++) logs.logger.info({ reqId: `r${i}`, req: { method: 'GET', url: `/v1/sync/pull?cursor=${i}` } }, 'incoming request');
    logs.close();
    const idle: UpdateState = { status: 'unsupported', unsupported: 'browser_mode', currentVersion: '0.1.0', version: null, percent: null, feedUrl: null, detail: null, checkedAt: null };
    const written = await exportDiagnostics(
      {
        dataDir,
        mode: 'browser',
        settings: () => createSettingsStore(dataDir).get(),
        connection: () => ({ status: 'online', backendUrl: null, checkedAt: null, detail: null }),
        session: () => Promise.resolve({ user: null, backendUrl: null, standalone: true, store: null }),
        startup: () => ({ phase: 'ready', done: 0, total: 0, detail: null }),
        update: () => idle,
        secrets: () => Promise.resolve([]),
      },
      {},
    );
    const report = JSON.parse(readFileSync(written.path, 'utf8')) as { logs: Array<{ lines: string[] }> };
    expect(report.logs[0]!.lines).toHaveLength(300);
  });
});
