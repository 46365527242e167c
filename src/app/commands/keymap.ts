/**
 * Turning key events into chords and chords into commands, as pure functions (tested without a
 * DOM). A chord is lower-case `mod+alt+shift+key`; `mod` is Ctrl or ⌘ so one map serves every OS.
 */
import { COMMANDS, type CommandDef, type Context } from './registry';

export type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

export function chordOf(e: KeyLike): string | null {
  if (e.key === 'Control' || e.key === 'Meta' || e.key === 'Alt' || e.key === 'Shift' || e.key === 'Dead') return null;
  // Digits by physical key: Shift+1 types "!" on US layouts and something else elsewhere.
  const digit = /^(Digit|Numpad)([0-9])$/.exec(e.code);
  let key = digit ? digit[2]! : e.key.length === 1 ? e.key.toLowerCase() : e.key.toLowerCase();
  if (key === ' ') key = 'space';
  // A printable symbol already says whether Shift was held ("?" is Shift+/), so Shift is dropped
  // for it; letters, digits and named keys keep it.
  const symbol = !digit && e.key.length === 1 && !/[a-z0-9]/i.test(e.key);
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('mod');
  if (e.altKey) parts.push('alt');
  if (e.shiftKey && !symbol) parts.push('shift');
  parts.push(key);
  return parts.join('+');
}

export type Keymap = ReadonlyMap<string, readonly string[]>;

/** Default keys with the user's overrides applied (an override replaces a command's keys). */
export function buildKeymap(overrides: Readonly<Record<string, readonly string[]>>, commands: readonly CommandDef[] = COMMANDS): Keymap {
  return new Map(commands.map((c) => [c.id, overrides[c.id] ?? c.keys]));
}

/** The chords of a key: `g q` (a sequence) → [`g`, `q`]; `mod+k` → [`mod+k`]. */
export function chordsOf(key: string): string[] {
  return key.split(' ').filter(Boolean);
}

/**
 * The command a key runs (a chord, or a sequence such as `g q`), searching the active contexts from
 * the most specific outwards, so a digit in decision mode picks a reason code while `j` still falls
 * through to "next case".
 */
export function resolve(key: string, active: readonly Context[], keymap: Keymap, commands: readonly CommandDef[] = COMMANDS): CommandDef | null {
  for (const ctx of active) {
    for (const c of commands) if (c.when === ctx && keymap.get(c.id)?.includes(key)) return c;
  }
  return null;
}

/** Whether `prefix` starts a sequence bound in one of the active contexts (`g` of `g q`). */
export function startsSequence(prefix: string, active: readonly Context[], keymap: Keymap, commands: readonly CommandDef[] = COMMANDS): boolean {
  const start = `${prefix} `;
  return commands.some((c) => active.includes(c.when) && (keymap.get(c.id) ?? []).some((k) => k.startsWith(start)));
}

export type Conflict = { chord: string; context: Context; ids: string[] };

/**
 * Two commands conflict when one key maps to both in the same context, or in contexts that are
 * active together (a `global` key shadows nothing but is shadowed by every other context). A chord
 * that is also the first chord of a sequence there conflicts too: after it, the app could not tell
 * whether to run it or to wait for the rest.
 */
export function findConflicts(keymap: Keymap, commands: readonly CommandDef[] = COMMANDS): Conflict[] {
  const seen = new Map<string, string[]>();
  const prefixes = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, k: string, id: string) => {
    const list = map.get(k) ?? [];
    if (!list.includes(id)) list.push(id);
    map.set(k, list);
  };
  for (const c of commands) {
    for (const key of keymap.get(c.id) ?? []) {
      const contexts: Context[] = c.when === 'global' ? ['global', 'queue', 'case', 'decision'] : [c.when];
      const chords = chordsOf(key);
      for (const ctx of contexts) {
        add(seen, `${ctx}\u0000${key}`, c.id);
        for (let i = 1; i < chords.length; i++) add(prefixes, `${ctx}\u0000${chords.slice(0, i).join(' ')}`, c.id);
      }
    }
  }
  const out: Conflict[] = [];
  for (const [k, ids] of seen) {
    const shadowed = prefixes.get(k) ?? [];
    const all = [...ids, ...shadowed.filter((id) => !ids.includes(id))];
    if (all.length < 2) continue;
    const [context, chord] = k.split('\u0000') as [Context, string];
    out.push({ chord, context, ids: all });
  }
  return out;
}

/** Keys shown to people: "Ctrl+K" / "⌘K" style, "Shift+E", "Enter"; a sequence as "G Q". */
export function displayChord(key: string, mac: boolean): string {
  const names: Record<string, string> = {
    mod: mac ? '⌘' : 'Ctrl',
    alt: mac ? '⌥' : 'Alt',
    shift: mac ? '⇧' : 'Shift',
    enter: 'Enter',
    escape: 'Esc',
    arrowdown: '↓',
    arrowup: '↑',
    arrowleft: '←',
    arrowright: '→',
    space: 'Space',
    home: 'Home',
    end: 'End',
    backspace: '⌫',
  };
  return chordsOf(key)
    .map((chord) =>
      chord
        .split('+')
        .map((p) => names[p] ?? (p.length === 1 ? p.toUpperCase() : p))
        .join(mac ? '' : '+'),
    )
    .join(' ');
}

/**
 * A key as a hint beside a control ("Y", "⇧1", "Ctrl+Enter", "G Q"): as displayChord, except that
 * Shift is always the compact ⇧ written against its key, so hints stay narrow on every OS.
 */
export function hintChord(key: string, mac: boolean): string {
  return chordsOf(key)
    .map((chord) => {
      const parts = chord.split('+');
      const shift = parts.indexOf('shift');
      if (mac || shift < 0 || shift === parts.length - 1) return displayChord(chord, mac);
      const k = `⇧${displayChord(parts.slice(shift + 1).join('+'), false)}`;
      return shift === 0 ? k : `${displayChord(parts.slice(0, shift).join('+'), false)}+${k}`;
    })
    .join(' ');
}

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Keys typed into a text field belong to the field, unless a modifier or Escape says otherwise. */
export function belongsToField(chord: string): boolean {
  return !chord.startsWith('mod+') && !chord.startsWith('alt+') && chord !== 'escape';
}

/**
 * Subsequence fuzzy match for the palette: every query character in order, scoring contiguous
 * runs and word starts higher. Returns null when the query does not match.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const t = text.toLowerCase();
  let score = 0;
  let ti = 0;
  let run = 0;
  for (const ch of q) {
    if (ch === ' ') continue;
    const found = t.indexOf(ch, ti);
    if (found < 0) return null;
    run = found === ti ? run + 1 : 1;
    score += run * 2 + (found === 0 || /[\s._-]/.test(t[found - 1] ?? '') ? 3 : 0);
    ti = found + 1;
  }
  return score - t.length * 0.01;
}

/**
 * The commands as people read them: a numbered family (reasons 1–9, remedies ⇧1–⇧0, findings) is
 * one row, the others one row each; in registry order. The cheat sheet, Settings → Keyboard and
 * docs/keyboard.md list these.
 */
export type CommandRow = { def: CommandDef; members: readonly CommandDef[] };
export function commandRows(commands: readonly CommandDef[] = COMMANDS): CommandRow[] {
  const rows: CommandRow[] = [];
  const families = new Map<string, CommandDef[]>();
  for (const c of commands) {
    if (c.n === undefined) {
      rows.push({ def: c, members: [c] });
      continue;
    }
    const family = c.id.replace(/\.\d+$/, '');
    const list = families.get(family);
    if (list) list.push(c);
    else {
      const members = [c];
      families.set(family, members);
      rows.push({ def: c, members });
    }
  }
  return rows;
}

/** A row's keys for display: each key of a command, or the first and last of a numbered family ("1 … 9"). */
export function rowKeys(row: CommandRow, keymap: Keymap, show: (key: string) => string): string[] {
  const keysOf = (c: CommandDef): readonly string[] => keymap.get(c.id) ?? c.keys;
  if (row.members.length === 1) return keysOf(row.def).map(show);
  const first = keysOf(row.members[0]!)[0];
  const last = keysOf(row.members[row.members.length - 1]!)[0];
  return first && last ? [`${show(first)} … ${show(last)}`] : [];
}
