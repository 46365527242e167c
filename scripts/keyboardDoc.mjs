/** Rewrites the command tables of docs/keyboard.md from the registry (src/app/commands/keyboardDoc.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { withCommandTables } from '../src/app/commands/keyboardDoc.ts';

const path = new URL('../docs/keyboard.md', import.meta.url);
writeFileSync(path, withCommandTables(readFileSync(path, 'utf8')));
console.log('docs/keyboard.md: command tables regenerated');
