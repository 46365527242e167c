import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from './cli.mjs';

const capture = () => {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
};

describe('progress', () => {
  it('off a terminal: plain lines at most every interval, a last line only when one was printed before', () => {
    const quiet = capture();
    const short = createProgress({ label: 'generate', total: 10, unit: 'cases', stream: quiet.stream, tty: false, everyMs: 60_000 });
    for (let i = 0; i < 10; i++) short.tick();
    short.done();
    expect(quiet.text()).toBe('');

    const out = capture();
    const long = createProgress({ label: 'generate', total: 4, unit: 'cases', stream: out.stream, tty: false, everyMs: 0 });
    long.tick();
    long.tick(3);
    long.done();
    const lines = out.text().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^generate: 1\/4 cases \(25%\)/);
    expect(lines.at(-1)).toMatch(/^generate: 4\/4 cases \(100%\)/);
    expect(lines).toHaveLength(2);
  });

  it('on a terminal: one line redrawn in place with a bar, ended by a newline', () => {
    const out = capture();
    const p = createProgress({ label: 'import', total: 2, unit: 'bundles', stream: out.stream, tty: true, everyMs: 0 });
    p.tick();
    p.tick();
    p.done();
    expect(out.text()).toContain('\r\x1b[2Kimport [############------------] 50% 1/2 bundles');
    expect(out.text()).toContain('[########################] 100% 2/2 bundles');
    expect(out.text().endsWith('\n')).toBe(true);
    expect(out.text().split('\n')).toHaveLength(2);
  });
});
