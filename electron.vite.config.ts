import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

const alias = { '@common': fileURLToPath(new URL('./common', import.meta.url)) };
const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * out/main    ESM (the package is "type": "module"): index.js (Electron main) and host.js (browser mode,
 *             plain Node; must not pull in electron).
 * out/preload CommonJS index.cjs: a sandboxed preload is evaluated as a script, not as an ES module, and
 *             may only require('electron'), so everything else is bundled in.
 * out/renderer the React app; src/index.html is the entry (vite.renderer.config.ts, shared with
 *             `npm run build:renderer`).
 * The browser bridge (out/bridge) is a separate IIFE build: vite.bridge.config.ts.
 */
export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: r('./out/main'),
      // Bundled, not imported at run time: the bundler drops the JSON import attribute that Node's
      // loader requires for the holiday calendar (common/policy/businessDays.ts).
      externalizeDeps: { exclude: ['chinese-days'] },
      rolldownOptions: {
        input: { index: r('./main/index.ts'), host: r('./main/host/cli.ts') },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: r('./out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: r('./preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
