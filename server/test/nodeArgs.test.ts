import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_ARGS } from '../nodeArgs';

describe('server Node options', () => {
  it('npm run server starts Node with the options the benchmark measures', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };
    const words = pkg.scripts.server!.split(/\s+/);
    for (const arg of SERVER_NODE_ARGS) expect(words, `package.json "server" script lacks ${arg}`).toContain(arg);
  });
});
