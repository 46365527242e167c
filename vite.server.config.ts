import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * `npm run build:server`: the backend as plain JavaScript, out/server/index.js, for production
 * (`node out/server/index.js`, docs/deploy.md). An SSR build: first-party code (server/, common/) is
 * bundled, npm dependencies stay imports, so a deployment needs `npm ci --omit=dev` and this folder.
 */
export default defineConfig({
  resolve: { alias: { '@common': r('./common') } },
  publicDir: false,
  build: {
    ssr: r('./server/index.ts'),
    outDir: r('./out/server'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: { output: { format: 'es', entryFileNames: 'index.js' } },
  },
});
