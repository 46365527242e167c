/**
 * Where the session's tokens are kept at rest, decided once at start. Electron's safeStorage
 * encrypts with the OS keychain, but on Linux without a keyring it falls back to the `basic_text`
 * backend, whose key is built into Chromium: `isEncryptionAvailable()` still says true, so trusting it
 * alone would present a fixed-key encryption as protection. Such a backend (and `unknown`) is
 * refused: the tokens then sit in a 0600 file, and Settings says so and where.
 */
import path from 'node:path';
import type { TokenStorage } from '@common/ipc/types';
import type { Cipher } from './session';

/** The part of Electron's safeStorage this needs (main/electron passes the real one). */
export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(data: Buffer): string;
};

const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown']);

export function chooseTokenCipher(platform: NodeJS.Platform, safe: SafeStorageLike | null): { cipher?: Cipher; reason: TokenStorage['reason'] } {
  if (!safe?.isEncryptionAvailable()) return { reason: safe ? 'no_keychain' : null };
  if (platform === 'linux' && WEAK_LINUX_BACKENDS.has(safe.getSelectedStorageBackend?.() ?? 'unknown')) return { reason: 'basic_text' };
  return { cipher: { encrypt: (plain) => safe.encryptString(plain), decrypt: (data) => safe.decryptString(data) }, reason: null };
}

/** What Settings shows: the kind of storage, the file, and why there is no keychain when there is none. */
export function describeTokenStorage(sessionDir: string, cipher: Cipher | undefined, reason: TokenStorage['reason']): TokenStorage {
  return cipher
    ? { kind: 'os_keychain', path: path.join(sessionDir, 'session.bin'), reason: null }
    : { kind: 'file', path: path.join(sessionDir, 'session.json'), reason };
}
