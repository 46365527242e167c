/**
 * How commands are named and found: a command's title in either language (numbered ones with their
 * number, remedy ones with the remedy's name), and the palette's search over every spelling.
 */
import i18next from 'i18next';
import { REMEDY_LABELS } from '@common/domain';
import { fuzzyScore } from './keymap';
import type { PinyinFn } from './pinyin';
import { COMMANDS, type CommandDef } from './registry';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A command's title in one language: numbered ones with their number, remedy ones with the remedy's name. */
export function commandTitle(t: Translate, c: CommandDef, lng?: string): string {
  const options = { n: c.n ?? '', ...(lng ? { lng } : {}) };
  if (!c.remedy) return t(`keys.commands.${c.title}`, options);
  const lang = (lng ?? i18next.language).startsWith('en') ? 'en' : 'zh';
  return t(`keys.commands.${c.title}Named`, { ...options, name: REMEDY_LABELS[c.remedy][lang] });
}

/**
 * Every spelling a command is found by: its title in both languages (an arbitrator working in
 * Chinese may type "sync"), the title's pinyin and initials, and its id. Pinyin is cached per title.
 */
const pinyinCache = new Map<string, string[]>();
export function spellings(t: Translate, c: CommandDef, pinyin: PinyinFn | null): string[] {
  const zh = commandTitle(t, c, 'zh-CN');
  let py = pinyinCache.get(zh);
  if (!py && pinyin) {
    py = pinyin(zh);
    pinyinCache.set(zh, py);
  }
  return [zh, commandTitle(t, c, 'en'), c.id, ...(py ?? [])];
}

/** The palette's answer to a query: the runnable commands that match, best first. */
export function searchCommands(
  t: Translate,
  query: string,
  runnable: (id: string) => boolean,
  pinyin: PinyinFn | null,
  lng: string,
): { c: CommandDef; title: string; score: number }[] {
  return COMMANDS.filter((c) => c.id !== 'app.palette' && runnable(c.id))
    .map((c) => {
      const score = Math.max(...spellings(t, c, pinyin).map((s) => fuzzyScore(query, s) ?? -Infinity));
      return { c, title: commandTitle(t, c, lng), score };
    })
    .filter((r) => r.score > -Infinity)
    .sort((a, b) => b.score - a.score)
    .slice(0, 50);
}

