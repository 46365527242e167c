import type { UpdateState } from '@common/ipc/types';
import { APP_VERSION } from '@common/version';

/**
 * The update channel as the handlers see it. Electron's implementation (main/electron/updater.ts)
 * wraps electron-updater; browser mode and an unpackaged app have none and say why.
 */
export type Updater = {
  state(): UpdateState;
  check(): Promise<UpdateState>;
  download(): Promise<UpdateState>;
  /** Quit and install a downloaded update. */
  install(): Promise<UpdateState>;
  /** Settings → Updates: another generic feed, or null for the built-in one. */
  setFeed(url: string | null): void;
  /** Every state change; returns the unsubscribe. */
  subscribe(listener: (state: UpdateState) => void): () => void;
};

export function unsupportedUpdater(reason: NonNullable<UpdateState['unsupported']>): Updater {
  const state: UpdateState = { status: 'unsupported', unsupported: reason, currentVersion: APP_VERSION, version: null, percent: null, feedUrl: null, detail: null, checkedAt: null };
  const same = () => Promise.resolve(state);
  return { state: () => state, check: same, download: same, install: same, setFeed: () => undefined, subscribe: () => () => undefined };
}
