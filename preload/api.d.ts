import type { GavelApi } from '@common/ipc/api';

// The renderer's view of what preload (Electron) or the bridge (browser mode) exposes. Optional: a page
// opened without either has no window.gavel, and src/data/bridge.ts says so instead of crashing.
declare global {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
  interface Window {
    readonly gavel?: GavelApi;
  }
}
