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
 * Chinese may type "sync"), the title's pinyin and initials, and its id, lower-cased once. Titles
 * come from bundled translations, so a command's spellings are worked out once, when pinyin is
 * there, and each query after that only scores them.
 */
const spellingCache = new Map<string, readonly string[]>();
export function spellings(t: Translate, c: CommandDef, pinyin: PinyinFn | null): readonly string[] {
  const hit = pinyin ? spellingCache.get(c.id) : undefined;
  if (hit) return hit;
  const zh = commandTitle(t, c, 'zh-CN');
  const list = [zh, commandTitle(t, c, 'en'), c.id, ...(pinyin ? pinyin(zh) : [])].map((s) => s.toLowerCase());
  if (pinyin) spellingCache.set(c.id, list);
  return list;
}

/** The title shown for a command in the UI's language, worked out once per language. */
const shownTitles = new Map<string, string>();
function shownTitle(t: Translate, c: CommandDef, lng: string): string {
  const key = `${lng}\u0000${c.id}`;
  let title = shownTitles.get(key);
  if (title === undefined) {
    title = commandTitle(t, c, lng);
    shownTitles.set(key, title);
  }
  return title;
}

/** The palette's answer to a query: the runnable commands that match, best first. */
export function searchCommands(
  t: Translate,
  query: string,
  runnable: (id: string) => boolean,
  pinyin: PinyinFn | null,
  lng: string,
): { c: CommandDef; title: string; score: number }[] {
  const found: { c: CommandDef; title: string; score: number }[] = [];
  for (const c of COMMANDS) {
    if (c.id === 'app.palette' || !runnable(c.id)) continue;
    let score = -Infinity;
    for (const s of spellings(t, c, pinyin)) score = Math.max(score, fuzzyScore(query, s) ?? -Infinity);
    if (score > -Infinity) found.push({ c, title: shownTitle(t, c, lng), score });
  }
  return found.sort((a, b) => b.score - a.score).slice(0, 50);
}
