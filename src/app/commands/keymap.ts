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

/**
 * The command a chord runs, searching the active contexts from the most specific outwards, so a
 * digit in decision mode picks a reason code while `j` still falls through to "next case".
 */
export function resolve(chord: string, active: readonly Context[], keymap: Keymap, commands: readonly CommandDef[] = COMMANDS): CommandDef | null {
  for (const ctx of active) {
    for (const c of commands) if (c.when === ctx && keymap.get(c.id)?.includes(chord)) return c;
  }
  return null;
}

export type Conflict = { chord: string; context: Context; ids: string[] };

/**
 * Two commands conflict when one chord maps to both in the same context, or in contexts that are
 * active together (a `global` chord shadows nothing but is shadowed by every other context).
 */
export function findConflicts(keymap: Keymap, commands: readonly CommandDef[] = COMMANDS): Conflict[] {
  const seen = new Map<string, string[]>();
  for (const c of commands) {
    for (const chord of keymap.get(c.id) ?? []) {
      const contexts: Context[] = c.when === 'global' ? ['global', 'queue', 'case', 'decision'] : [c.when];
      for (const ctx of contexts) {
        const k = `${ctx}\u0000${chord}`;
        const list = seen.get(k) ?? [];
        list.push(c.id);
        seen.set(k, list);
      }
    }
  }
  const out: Conflict[] = [];
  for (const [k, ids] of seen) {
    if (ids.length < 2) continue;
    const [context, chord] = k.split('\u0000') as [Context, string];
    out.push({ chord, context, ids });
  }
  return out;
}

/** Chords shown to people: "Ctrl+K" / "⌘K" style, "Shift+E", "Enter". */
export function displayChord(chord: string, mac: boolean): string {
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
  };
  return chord
    .split('+')
    .map((p) => names[p] ?? (p.length === 1 ? p.toUpperCase() : p))
    .join(mac ? '' : '+');
}

/**
 * A chord as a hint beside a control ("Y", "⇧1", "Ctrl+Enter"): as displayChord, except that Shift
 * is always the compact ⇧ written against its key, so hints stay narrow on every OS.
 */
export function hintChord(chord: string, mac: boolean): string {
  const parts = chord.split('+');
  const shift = parts.indexOf('shift');
  if (mac || shift < 0 || shift === parts.length - 1) return displayChord(chord, mac);
  const key = `⇧${displayChord(parts.slice(shift + 1).join('+'), false)}`;
  return shift === 0 ? key : `${displayChord(parts.slice(0, shift).join('+'), false)}+${key}`;
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
