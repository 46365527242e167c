/** Rewrites the command tables of docs/keyboard.md from the registry (src/app/commands/keyboardDoc.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { withCommandTables } from '../src/app/commands/keyboardDoc.ts';
import { parseCli } from '../server/cli.mjs';

// --help must not rewrite the file: parseCli prints the usage and exits before anything is written.
parseCli({ name: 'docs:keyboard', usage: `usage: npm run docs:keyboard

Rewrites the command tables of docs/keyboard.md from the command registry (src/app/commands).
src/app/commands/docs.test.ts fails when the file and the registry disagree.

  -h, --help   this text` });

const path = new URL('../docs/keyboard.md', import.meta.url);
writeFileSync(path, withCommandTables(readFileSync(path, 'utf8')));
console.log('docs/keyboard.md: command tables regenerated');
