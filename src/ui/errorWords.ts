import type { TFunction } from 'i18next';
import { isQuotaError } from '../data/storageErrors';

/**
 * Every code main, the IPC bridge, the backend client or the media cache puts on an error, each
 * worded in both languages under `errors.code.*`. The message beside a code is for logs and
 * diagnostics: it is English, and may carry a socket's errno ("connect ECONNREFUSED") or a path.
 */
export const ERROR_CODES = [
  'offline',
  'timeout',
  'unauthorized',
  'forbidden',
  'bad_request',
  'server_error',
  'invalid_response',
  'invalid_args',
  'internal',
  'unknown_channel',
  'forbidden_sender',
  'wrong_store',
  'not_configured',
  'not_signed_in',
  'session_expired',
  'update_failed',
  'disk_full',
  'invalid_ref',
  'too_large',
  'forbidden_host',
  'unavailable',
  'integrity',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

/** The code an error carries, if it is one we word; null for anything else. */
export function errorCode(error: unknown): ErrorCode | null {
  if (isQuotaError(error)) return 'disk_full';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && KNOWN.has(code) ? (code as ErrorCode) : null;
}

/**
 * An error in the user's language: its code worded, with the request field it names, if any. An
 * error without a known code is a defect, not something the user can act on: it is said to be
 * unexpected, and its message goes to the console for the diagnostics bundle.
 */
export function errorWords(error: unknown, t: TFunction): string {
  const code = errorCode(error);
  if (code === null) {
    console.warn('unexpected error', error);
    return t('errors.code.unexpected');
  }
  const field = (error as { field?: unknown }).field;
  const words = t(`errors.code.${code}`);
  return typeof field === 'string' && field !== '' ? t('errors.withField', { words, field }) : words;
}
