#!/usr/bin/env node
// `npm run server`: runs the built server (out/server/index.js, `npm run build:server`) when it is at
// least as new as the sources. Otherwise, in development, the TypeScript sources through tsx, saying so;
// with NODE_ENV=production it refuses, since production runs only built JavaScript (docs/deploy.md).
// Node options come from package.json's "server" script (server/nodeArgs.ts).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'out', 'server', 'index.js');
const SOURCES = ['server', 'common', 'package.json', 'vite.server.config.ts'];

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return /\.test\.ts$/.test(p) ? 0 : s.mtimeMs;
  return readdirSync(p).reduce((m, entry) => (entry === 'test' ? m : Math.max(m, newest(path.join(p, entry)))), 0);
}

const production = process.env.NODE_ENV === 'production';
const fresh = existsSync(built) && (production || statSync(built).mtimeMs >= Math.max(...SOURCES.map((s) => newest(path.join(root, s)))));
let entry;
if (fresh) {
  entry = built;
} else if (production) {
  console.error(`server: ${path.relative(root, built)} is missing; run \`npm run build:server\` (production runs built JavaScript only).`);
  process.exit(1);
} else {
  // Development: no build step between an edit and a run. Quiet for --help, which prints only the usage.
  const { register } = await import('tsx/esm/api');
  register();
  entry = path.join(root, 'server', 'index.ts');
  if (!process.argv.includes('--help') && !process.argv.includes('-h') && !process.env.GAVEL_WORKER) {
    console.error('server: running the TypeScript sources through tsx (development; `npm run build:server` for the built server)');
  }
}
const { runServerCli } = await import(pathToFileURL(entry).href);
runServerCli().catch((error) => {
  console.error(error);
  process.exit(1);
});
