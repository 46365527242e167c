import { describe, expect, it } from 'vitest';
import { originOf } from './origin';

describe('originOf', () => {
  it('keeps custom schemes that WHATWG URL would report as opaque', () => {
    expect(originOf('app://gavel/index.html#/queue')).toBe('app://gavel');
    expect(originOf('http://127.0.0.1:8080/x?y')).toBe('http://127.0.0.1:8080');
    expect(originOf('HTTP://LOCALHOST:1/')).toBe('http://localhost:1');
  });
  it('drops userinfo so it cannot impersonate a host', () => {
    expect(originOf('app://gavel@evil.example/')).toBe('app://evil.example');
  });
  it('returns null where there is no origin', () => {
    for (const url of ['about:blank', 'data:text/html,x', 'file:///etc/passwd', '', 'gavel']) expect(originOf(url)).toBeNull();
  });
});
