import { describe, expect, it } from 'vitest';
import doc from '../../../docs/keyboard.md?raw';
import { COMMANDS } from './registry';

describe('docs/keyboard.md', () => {
  it('lists every command of the registry', () => {
    const missing = COMMANDS.filter((c) => !doc.includes(`\`${c.n === undefined ? c.id : c.id.replace(/\.\d$/, '.1–9')}\``)).map((c) => c.id);
    expect(missing).toEqual([]);
  });
});
