import type { z } from 'zod';
import type { IpcChannel } from './channels';
import { ipcContract, isIpcChannel, type IpcParsedRequest, type IpcResponse } from './contract';
import { originOf } from './origin';
import { fail, IpcHandlerError, ok, type IpcResult } from './result';

/** Who sent a call, as the transport saw it (Electron: the sender frame; host: the WebSocket handshake). */
export type IpcSender = {
  /** URL of the document that sent the call. */
  url: string;
  /** False for iframes; only the app's top-level document may call main. */
  isMainFrame: boolean;
};

export type IpcHandlerContext = { sender: IpcSender };

export type IpcHandlers = {
  [K in IpcChannel]: (
    request: IpcParsedRequest<K>,
    context: IpcHandlerContext,
  ) => IpcResponse<K> | Promise<IpcResponse<K>>;
};

export type IpcRouterOptions = {
  /** Exact origins allowed to call, e.g. `app://gavel` or `http://127.0.0.1:PORT`. */
  allowedOrigins: readonly string[];
  /** Sees every handler failure with its stack, which never reaches the renderer. */
  onHandlerError?: (channel: IpcChannel, error: unknown) => void;
};

export type IpcRouter = {
  /** Validate and dispatch one call. Never throws: every failure is an `{ok: false}` result. */
  handle(channel: unknown, request: unknown, sender: IpcSender): Promise<IpcResult<unknown>>;
};

/** `settings.backendUrl`, `[0].nonce`, or `(request)` for the whole value. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(request)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/**
 * The one wrapper every IPC entry point goes through, whatever the transport. In order: the channel must
 * be declared, the sender must be the app's main frame on an allowed origin, the request must parse with
 * the channel's schema; only then does the handler run, and whatever it throws becomes `{ok: false}`.
 */
export function createIpcRouter(handlers: IpcHandlers, options: IpcRouterOptions): IpcRouter {
  const allowed = new Set(options.allowedOrigins.map((o) => o.toLowerCase()));
  return {
    async handle(channel, request, sender) {
      if (!isIpcChannel(channel)) {
        return fail('unknown_channel', `Unknown IPC channel: ${typeof channel === 'string' ? channel.slice(0, 80) : typeof channel}`);
      }
      const origin = originOf(sender.url);
      if (!sender.isMainFrame || origin === null || !allowed.has(origin)) {
        return fail('forbidden_sender', `Refused ${channel}: sender is not the app's main frame`);
      }
      const schema: z.ZodType = ipcContract[channel].request;
      const parsed = schema.safeParse(request);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = formatIssuePath(issue?.path ?? []);
        return fail('invalid_args', `Invalid request for ${channel}: ${field}: ${issue?.message ?? 'invalid'}`, field);
      }
      const handler = handlers[channel] as (req: unknown, ctx: { sender: IpcSender }) => unknown;
      try {
        return ok(await handler(parsed.data, { sender }));
      } catch (error) {
        options.onHandlerError?.(channel, error);
        if (error instanceof IpcHandlerError) return fail(error.code, error.message, error.field);
        const message = error instanceof Error ? error.message : String(error);
        return fail('internal', `${channel} failed: ${message}`);
      }
    },
  };
}
