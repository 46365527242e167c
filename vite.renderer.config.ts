import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The renderer build, shared: electron.vite.config.ts uses it as its `renderer` section, and
 * `npm run build:renderer` runs it alone (enough for browser mode once out/main and out/bridge exist).
 */
export const rendererConfig = {
  root: r('./src'),
  base: './',
  resolve: { alias: { '@common': r('./common') } },
  plugins: [react()],
  build: {
    outDir: r('./out/renderer'),
    emptyOutDir: true,
    rolldownOptions: { input: { index: r('./src/index.html') } },
  },
} satisfies UserConfig;

export default defineConfig(rendererConfig);
