import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../server/start';
import { embeddedCredentialsFile, startEmbeddedBackend } from './embeddedBackend';
import { createMainServices } from './mainServices';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'gavel-embedded-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function login(url: string, username: string, password: string, host?: string): Promise<number> {
  const res = await fetch(new URL('v1/auth/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(host ? { host } : {}) },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

/** A login with a forged Host header (fetch will not send one). */
function status(port: string, host: string, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/auth/login', method: 'POST', headers: { host, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(JSON.stringify({ username: 'admin', password }));
  });
}

/** Every entry under `dir` whose mode is not 0700 (folders) or 0600 (files). */
function notPrivate(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) out.push(`${path.relative(dir, p) || '.'} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const n of readdirSync(p)) walk(path.join(p, n));
  };
  walk(dir);
  return out;
}

describe('the embedded backend (standalone mode)', () => {
  it('has no fixed credentials (random per install, kept 0600 beside the session; the published ones only with --demo) and answers only to its own host name (M4)', async () => {
    const dataDir = fresh();
    const admin = DEMO_ACCOUNTS.find((a) => a.role === 'admin')!;
    const first = await startEmbeddedBackend({ dataDir, seed: 0 });
    let stored: { mode: string; accounts: Array<{ username: string; password: string }> };
    try {
      const file = embeddedCredentialsFile(dataDir);
      expect(first.credentialsFile).toBe(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
      expect(stored.mode).toBe('random');
      for (const a of DEMO_ACCOUNTS) expect(stored.accounts.find((x) => x.username === a.username)?.password).not.toBe(a.password);
      expect(await login(first.url, admin.username, admin.password)).toBe(401);
      expect(await login(first.url, 'admin', stored.accounts.find((a) => a.username === 'admin')!.password)).toBe(200);
      expect(first.account.password).toBe(stored.accounts.find((a) => a.username === 'arbitrator1')!.password);
      // It answers only to its own loopback name: a DNS-rebinding page that finds the port gets 421.
      const port = new URL(first.url).port;
      const adminPassword = stored.accounts.find((a) => a.username === 'admin')!.password;
      expect(await status(port, 'rebind.attacker.example', adminPassword)).toBe(421);
      expect(await status(port, `rebind.attacker.example:${port}`, adminPassword)).toBe(421);
      expect(await status(port, `127.0.0.1:${port}`, adminPassword)).toBe(200);
      expect(await status(port, `localhost:${port}`, adminPassword)).toBe(200);
    } finally {
      await first.close();
    }
    // --demo on the same install: the published passwords work; without it again, they stop working.
    const demo = await startEmbeddedBackend({ dataDir, seed: 0, demo: true });
    try {
      expect(await login(demo.url, admin.username, admin.password)).toBe(200);
    } finally {
      await demo.close();
    }
    const back = await startEmbeddedBackend({ dataDir, seed: 0 });
    try {
      expect(await login(back.url, admin.username, admin.password)).toBe(401);
      expect(await login(back.url, back.account.username, back.account.password)).toBe(200);
    } finally {
      await back.close();
    }
  }, 120_000);

  it('keeps the data folder private: folders 0700, files 0600, even under umask 0 and for an older install (M5)', async () => {
    const dataDir = fresh();
    // An older install left world-readable files behind.
    mkdirSync(path.join(dataDir, 'media'), { mode: 0o777 });
    writeFileSync(path.join(dataDir, 'settings.json'), '{}', { mode: 0o666 });
    const previous = process.umask(0);
    try {
      const services = await createMainServices({ dataDir, mode: 'browser', standalone: { seed: 3 } });
      await services.ready;
      expect((await services.sync.status()).user?.username).toBe('arbitrator1');
      await services.settings.update({ theme: 'dark' });
      // While it runs: the folders are this user's alone.
      expect([dataDir, path.join(dataDir, 'server'), path.join(dataDir, 'session')].map((d) => (statSync(d).mode & 0o777).toString(8))).toEqual(['700', '700', '700']);
      await services.dispose();
      expect(readdirSync(path.join(dataDir, 'server')).length).toBeGreaterThan(5);
      expect(notPrivate(dataDir)).toEqual([]);
    } finally {
      process.umask(previous);
    }
  }, 120_000);
});
