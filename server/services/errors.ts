import type { ErrorCode } from '@common/api';

/** A failure with an HTTP status and a wire error code; the app's error handler renders it. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Seconds until a retry can succeed (429, 503): sent as Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}
