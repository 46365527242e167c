import { describe, expect, it } from 'vitest';
import doc from '../../../docs/keyboard.md?raw';
import { withCommandTables } from './keyboardDoc';
import { COMMANDS } from './registry';

describe('docs/keyboard.md', () => {
  it('carries the command tables exactly as the registry renders them (npm run docs:keyboard)', () => {
    expect(doc).toBe(withCommandTables(doc));
  });
  it('lists every command of the registry', () => {
    const missing = COMMANDS.filter((c) => !doc.includes(`\`${c.n === undefined || c.remedy ? c.id : c.id.replace(/\.\d+$/, '.1–9')}\``)).map((c) => c.id);
    expect(missing).toEqual([]);
  });
});
