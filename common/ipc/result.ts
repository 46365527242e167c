/**
 * The one result shape every IPC call returns, over Electron IPC and the browser-mode WebSocket alike.
 * Errors are data, not exceptions, so a renderer can never lose a failure inside an unhandled rejection.
 */
export type IpcError = {
  /** Stable, machine-readable: `unknown_channel`, `forbidden_sender`, `invalid_args`, `internal`, … */
  code: string;
  message: string;
  /** Dotted path of the offending request field when `code` is `invalid_args`. */
  field?: string;
};

export type IpcResult<T> = { ok: true; data: T } | { ok: false; error: IpcError };

export const ok = <T>(data: T): IpcResult<T> => ({ ok: true, data });
export const fail = (code: string, message: string, field?: string): IpcResult<never> => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});

/**
 * Thrown by a handler to return a specific, user-meaningful error code instead of the generic `internal`.
 * Anything else a handler throws is wrapped as `internal` (see router.ts).
 */
export class IpcHandlerError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'IpcHandlerError';
    this.code = code;
    this.field = field;
  }
}
