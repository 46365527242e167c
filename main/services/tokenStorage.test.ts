import { describe, expect, it } from 'vitest';
import { chooseTokenCipher, describeTokenStorage, type SafeStorageLike } from './tokenStorage';

const safe = (backend: string, available = true): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (plain) => Buffer.from(`enc:${plain}`),
  decryptString: (data) => data.toString().slice(4),
});

describe('token storage at rest (L6)', () => {
  it("refuses Linux's fixed-key basic_text backend even though safeStorage calls encryption available", () => {
    expect(chooseTokenCipher('linux', safe('basic_text'))).toEqual({ reason: 'basic_text' });
    expect(chooseTokenCipher('linux', safe('unknown'))).toEqual({ reason: 'basic_text' });
    expect(describeTokenStorage('/d/session', undefined, 'basic_text')).toEqual({ kind: 'file', path: '/d/session/session.json', reason: 'basic_text' });
  });

  it('uses a real keychain, and says where the tokens are either way', () => {
    const chosen = chooseTokenCipher('linux', safe('gnome_libsecret'));
    expect(chosen.reason).toBeNull();
    expect(chosen.cipher?.decrypt(chosen.cipher.encrypt('t'))).toBe('t');
    expect(chooseTokenCipher('darwin', safe('unknown')).cipher).toBeDefined();
    expect(chooseTokenCipher('linux', safe('kwallet5', false))).toEqual({ reason: 'no_keychain' });
    expect(chooseTokenCipher('linux', null)).toEqual({ reason: null });
    expect(describeTokenStorage('/d/session', chosen.cipher, null)).toEqual({ kind: 'os_keychain', path: '/d/session/session.bin', reason: null });
  });
});
