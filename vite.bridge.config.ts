import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The browser-mode bridge (preload/bridge.ts) as one classic script, out/bridge/bridge.js: the host
 * injects it ahead of the app so `window.gavel` exists before the renderer starts.
 */
export default defineConfig({
  resolve: { alias: { '@common': fileURLToPath(new URL('./common', import.meta.url)) } },
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./out/bridge', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    lib: {
      entry: fileURLToPath(new URL('./preload/bridge.ts', import.meta.url)),
      formats: ['iife'],
      name: 'gavelBridge',
      fileName: () => 'bridge.js',
    },
  },
});
