import { describe, expect, it } from 'vitest';
import {
  allowedHostNames,
  allowedOrigins,
  isAllowedHostHeader,
  isAllowedOrigin,
  loopbackBindAddress,
  parseCookies,
  secretMatches,
} from './hostSecurity';

describe('loopbackBindAddress', () => {
  it('accepts loopback only', () => {
    expect(loopbackBindAddress('127.0.0.1')).toBe('127.0.0.1');
    expect(loopbackBindAddress('localhost')).toBe('127.0.0.1');
    expect(loopbackBindAddress('127.0.0.2')).toBe('127.0.0.2');
    expect(loopbackBindAddress('::1')).toBe('::1');
    expect(loopbackBindAddress('[::1]')).toBe('::1');
  });
  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '', '127.0.0.1.nip.io', '::ffff:192.168.0.1'])(
    'refuses %s',
    (host) => {
      expect(() => loopbackBindAddress(host)).toThrow(/only listens on loopback/);
    },
  );
});

describe('Host and Origin checks', () => {
  const hosts = allowedHostNames('127.0.0.1', 5000);
  const origins = allowedOrigins('127.0.0.1', 5000);

  it('accepts the names the host is reachable by', () => {
    expect(isAllowedHostHeader('127.0.0.1:5000', hosts)).toBe(true);
    expect(isAllowedHostHeader('localhost:5000', hosts)).toBe(true);
    expect(isAllowedOrigin('http://127.0.0.1:5000', origins, true)).toBe(true);
  });

  it('refuses DNS-rebinding host names and other ports', () => {
    for (const host of ['evil.example:5000', '127.0.0.1:5001', '127.0.0.1', 'attacker.127.0.0.1.nip.io:5000', undefined]) {
      expect(isAllowedHostHeader(host, hosts)).toBe(false);
    }
  });

  it('refuses foreign origins, and a missing Origin where one is required', () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:5001', 'null', 'http://localhost.evil:5000']) {
      expect(isAllowedOrigin(origin, origins, false)).toBe(false);
    }
    expect(isAllowedOrigin(undefined, origins, true)).toBe(false);
    expect(isAllowedOrigin(undefined, origins, false)).toBe(true);
  });

  it('uses bracketed names for IPv6 loopback', () => {
    expect(allowedHostNames('::1', 7)).toEqual(['[::1]:7', 'localhost:7']);
  });
});

describe('cookies and secret', () => {
  it('parses cookies, first occurrence wins', () => {
    const c = parseCookies('a=1; gavel_session_1=s3cret; a=2; junk');
    expect(c.get('a')).toBe('1');
    expect(c.get('gavel_session_1')).toBe('s3cret');
    expect(parseCookies(undefined).size).toBe(0);
  });
  it('compares secrets exactly', () => {
    expect(secretMatches('abc', 'abc')).toBe(true);
    for (const candidate of ['abd', 'ab', 'abcd', '', undefined, null]) expect(secretMatches(candidate, 'abc')).toBe(false);
  });
});
