import { describe, expect, it } from 'vitest';
import { allowedExternalUrl } from './externalLinks';

describe('allowedExternalUrl', () => {
  const allow = ['help.example.com', 'example.org'];
  it('accepts http(s) on the allowlist, including subdomains', () => {
    expect(allowedExternalUrl('https://help.example.com/rules', allow)?.href).toBe('https://help.example.com/rules');
    expect(allowedExternalUrl('http://docs.example.org/', allow)).not.toBeNull();
  });
  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://example.org/share',
    'https://evil.example/',
    'https://example.org.evil.example/',
    'https://notexample.org/',
    'https://user:pw@example.org/',
    'not a url',
  ])('refuses %s', (url) => {
    expect(allowedExternalUrl(url, allow)).toBeNull();
  });
  it('refuses non-strings', () => {
    for (const value of [undefined, null, 1, { href: 'https://example.org' }]) expect(allowedExternalUrl(value, allow)).toBeNull();
  });
});
