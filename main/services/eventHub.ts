import type { IpcEvent } from '@common/ipc/channels';
import type { IpcEventMap } from '@common/ipc/events';

type AnyListener = (event: IpcEvent, payload: unknown) => void;

/**
 * main → renderer events, transport-agnostic: services emit here; the Electron binding forwards to the
 * window's webContents and the host forwards to every authenticated WebSocket.
 */
export type EventHub = {
  emit<E extends IpcEvent>(event: E, payload: IpcEventMap[E]): void;
  /** Receive every event; returns the unsubscribe. */
  subscribe(listener: AnyListener): () => void;
};

export function createEventHub(): EventHub {
  const listeners = new Set<AnyListener>();
  return {
    emit(event, payload) {
      for (const listener of [...listeners]) listener(event, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
