import { ipcMain, type WebContents } from 'electron';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL } from '@common/ipc/channels';
import type { IpcRouter } from '@common/ipc/router';
import type { EventHub } from '../services/eventHub';

/**
 * Bind the router to Electron. Every call arrives on one channel and goes through the router, which
 * refuses unknown channels, non-main frames and foreign origins before parsing the request.
 */
export function bindIpc(router: IpcRouter): void {
  ipcMain.handle(ELECTRON_INVOKE_CHANNEL, (event, channel: unknown, request: unknown) => {
    const frame = event.senderFrame;
    const sender = {
      url: frame?.url ?? '',
      isMainFrame: frame !== null && frame === event.sender.mainFrame,
    };
    return router.handle(channel, request, sender);
  });
}

/** Forward hub events to a window for as long as it lives. */
export function forwardEvents(events: EventHub, contents: WebContents): void {
  const unsubscribe = events.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(ELECTRON_EVENT_CHANNEL, event, payload);
  });
  contents.once('destroyed', unsubscribe);
}
