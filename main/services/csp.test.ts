import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOST_CSP_HEADER, RENDERER_CSP, RENDERER_CSP_HEADER } from './csp';

describe('renderer CSP', () => {
  it('is the same in the index.html meta tag and the header', () => {
    const html = readFileSync(new URL('../../src/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(RENDERER_CSP);
    expect(RENDERER_CSP_HEADER.startsWith(RENDERER_CSP)).toBe(true);
    expect(HOST_CSP_HEADER.startsWith(RENDERER_CSP_HEADER)).toBe(true);
  });

  it('forbids remote connections, plugins, frames, base and form targets', () => {
    for (const directive of [
      "default-src 'self'",
      "connect-src 'self'",
      "script-src 'self'",
      "object-src 'none'",
      "frame-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]) {
      expect(RENDERER_CSP).toContain(directive);
    }
    expect(RENDERER_CSP).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(HOST_CSP_HEADER).not.toContain('allow-popups');
    // The QA dashboard's exports are <a download> of blob: URLs; without this Chromium refuses them.
    expect(HOST_CSP_HEADER).toContain('allow-downloads');
  });
});
