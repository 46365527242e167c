/**
 * The command system at run time: which contexts are active, who handles each command, the
 * user's key overrides, and the one window keydown listener that ties them together.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { create } from 'zustand';
import { belongsToField, buildKeymap, chordOf, displayChord, findConflicts, IS_MAC, resolve, startsSequence, type Keymap } from './keymap';
import { COMMAND_BY_ID, type Context } from './registry';

const OVERRIDES_KEY = 'gavel.keymap.v1';

function readOverrides(): Record<string, string[]> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(OVERRIDES_KEY) ?? '{}');
    if (typeof raw !== 'object' || raw === null) return {};
    const out: Record<string, string[]> = {};
    // Stored data is a boundary: keep only known ids with string chords.
    for (const [id, keys] of Object.entries(raw)) {
      if (COMMAND_BY_ID.has(id) && Array.isArray(keys) && keys.every((k) => typeof k === 'string')) out[id] = keys;
    }
    return out;
  } catch {
    return {};
  }
}

type CommandState = {
  /** Most specific first; `global` is always last. */
  contexts: Context[];
  overrides: Record<string, string[]>;
  keymap: Keymap;
  paletteOpen: boolean;
  cheatSheetOpen: boolean;
};

const initialOverrides = typeof localStorage === 'undefined' ? {} : readOverrides();
const useCommandStore = create<CommandState>(() => ({
  contexts: ['global'],
  overrides: initialOverrides,
  keymap: buildKeymap(initialOverrides),
  paletteOpen: false,
  cheatSheetOpen: false,
}));

const handlers = new Map<string, () => void>();

export const useKeymap = (): Keymap => useCommandStore((s) => s.keymap);
export const useActiveContexts = (): Context[] => useCommandStore((s) => s.contexts);
export const usePaletteOpen = (): boolean => useCommandStore((s) => s.paletteOpen);
export const useCheatSheetOpen = (): boolean => useCommandStore((s) => s.cheatSheetOpen);
export const setPaletteOpen = (open: boolean): void => useCommandStore.setState({ paletteOpen: open });
export const setCheatSheetOpen = (open: boolean): void => useCommandStore.setState({ cheatSheetOpen: open });

/** Sets the active contexts (most specific first); `global` is appended. */
export function setContexts(contexts: Context[]): void {
  const next: Context[] = [...contexts.filter((c) => c !== 'global'), 'global'];
  const prev = useCommandStore.getState().contexts;
  if (prev.length === next.length && prev.every((c, i) => c === next[i])) return;
  useCommandStore.setState({ contexts: next });
}

/** Applies new overrides unless they make `id` collide; persists them. Returns the conflicts (empty when applied). */
function applyOverrides(id: string, overrides: Record<string, string[]>): ReturnType<typeof findConflicts> {
  const keymap = buildKeymap(overrides);
  const conflicts = findConflicts(keymap).filter((c) => c.ids.includes(id));
  if (conflicts.length) return conflicts;
  localStorage.setItem(OVERRIDES_KEY, JSON.stringify(overrides));
  useCommandStore.setState({ overrides, keymap });
  return [];
}

/** Remaps a command; refuses (and returns the conflicts) when the new chord collides. */
export function remap(id: string, keys: string[]): ReturnType<typeof findConflicts> {
  return applyOverrides(id, { ...useCommandStore.getState().overrides, [id]: keys });
}

/** Puts one command back on its default keys (refused, with the conflicts, if another command took them). */
export function resetCommandKeys(id: string): ReturnType<typeof findConflicts> {
  const { [id]: _dropped, ...overrides } = useCommandStore.getState().overrides;
  return applyOverrides(id, overrides);
}

export const useKeyOverrides = (): Readonly<Record<string, string[]>> => useCommandStore((s) => s.overrides);

export function resetKeymap(): void {
  localStorage.removeItem(OVERRIDES_KEY);
  useCommandStore.setState({ overrides: {}, keymap: buildKeymap({}) });
}

/** Whether a command has a live handler in the current contexts (the palette lists only these). */
export function isRunnable(id: string): boolean {
  const def = COMMAND_BY_ID.get(id);
  return !!def && handlers.has(id) && useCommandStore.getState().contexts.includes(def.when);
}

export function runCommand(id: string): boolean {
  const fn = handlers.get(id);
  if (!fn) return false;
  fn();
  return true;
}

/**
 * Attaches a handler for the lifetime of the calling component; the latest closure always runs.
 * Layout effects, not passive ones: they run in the commit itself, so a key that arrives right
 * after a render (input outranks React's deferred effect task in Chromium) already finds this
 * render's handler, not the previous case's or none.
 */
export function useCommand(id: string, handler: () => void, enabled = true): void {
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  useLayoutEffect(() => {
    if (!enabled) return;
    const fn = () => ref.current();
    handlers.set(id, fn);
    return () => {
      if (handlers.get(id) === fn) handlers.delete(id);
    };
  }, [id, enabled]);
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA') return true;
  if (tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return false;
}

const CONTROL_ROLES = new Set(['button', 'link', 'tab', 'option', 'menuitem', 'checkbox', 'radio', 'switch', 'menuitemcheckbox', 'menuitemradio']);

/** A control that Enter or Space activates by itself: the key belongs to it, never to a command. */
function isControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'BUTTON' || tag === 'SUMMARY' || (tag === 'A' && target.hasAttribute('href'))) return true;
  if (tag === 'INPUT') return true;
  const role = target.getAttribute('role');
  return role !== null && CONTROL_ROLES.has(role);
}

/**
 * The part of the page the work keys drive: the queue's list, an open case, the decision panel
 * (`data-key-region` on each). Nothing focused counts as the page's region, so keys work before
 * anything was clicked; a focused link in the navigation, a filter chip or a toolbar button does
 * not, and plain keys of the queue, case and decision contexts leave the list alone there.
 */
export const KEY_REGION_ATTR = 'data-key-region';
function inRegion(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return true;
  if (target === document.body || target === document.documentElement) return true;
  return target.closest(`[${KEY_REGION_ATTR}]`) !== null;
}

/** Moves the keyboard to the nearest region around `from` (or the page's first), so keys act on the work again. */
export function focusRegion(from?: Element | null): void {
  const region = from?.parentElement?.closest<HTMLElement>(`[${KEY_REGION_ATTR}]`) ?? document.querySelector<HTMLElement>(`[${KEY_REGION_ATTR}]`);
  if (region) region.focus({ preventScroll: true });
  else if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
}

/** Plain keys worth a word when nothing uses them: letters, digits and symbols, with or without Shift. */
function reportable(chord: string): boolean {
  const key = chord.startsWith('shift+') ? chord.slice(6) : chord;
  return key.length === 1 && key !== ' ';
}

//#region Feedback
/**
 * What the keyboard just did that the arbitrator should know about: a key nothing uses, a key that
 * acts on the list while focus is elsewhere, the first key of a sequence waiting for the next, or a
 * handler's own word (a remedy the kind does not offer). Shown briefly by <KeyFeedback>.
 */
export type KeyFeedbackMessage = { id: number; key: string; params: Record<string, string | number> };
const useFeedbackStore = create<{ message: KeyFeedbackMessage | null }>(() => ({ message: null }));
let feedbackId = 0;
let feedbackTimer: ReturnType<typeof setTimeout> | null = null;
export const useKeyFeedback = (): KeyFeedbackMessage | null => useFeedbackStore((s) => s.message);
export const currentKeyFeedback = (): KeyFeedbackMessage | null => useFeedbackStore.getState().message;

/** Shows `keys.feedback.<key>` for a moment (2.5 s, or until the next one). */
export function keyFeedback(key: string, params: Record<string, string | number> = {}, ms = 2500): void {
  if (feedbackTimer) clearTimeout(feedbackTimer);
  const message = { id: ++feedbackId, key, params };
  useFeedbackStore.setState({ message });
  feedbackTimer = setTimeout(() => {
    if (useFeedbackStore.getState().message?.id === message.id) useFeedbackStore.setState({ message: null });
  }, ms);
}
export function clearKeyFeedback(): void {
  useFeedbackStore.setState({ message: null });
}
//#endregion

/** How long the first key of a sequence (`g` of `g q`) waits for the next. */
const SEQUENCE_MS = 1500;

/**
 * The single keydown listener, mounted once by the app shell. The rules, in order:
 * 1. An open dialog owns the keyboard (the palette, the cheat sheet, a confirmation).
 * 2. In a text field, the field's own keys are the field's; only chords with Ctrl/⌘ or Alt reach
 *    commands, and Esc leaves the field (focus returns to its region), nothing more.
 * 3. Enter and Space on a focused control (button, link, chip, tab, checkbox) activate that control.
 * 4. Keys of the queue, case and decision contexts act only while focus is in their region (the
 *    list, the case, the decision panel) or nowhere; elsewhere they say so, and Esc brings focus back.
 * 5. A key nothing uses gets a brief word; so does a sequence that goes nowhere.
 */
export function useKeyboardDispatcher(): void {
  useEffect(() => {
    let pending: string | null = null;
    let pendingTimer: ReturnType<typeof setTimeout> | null = null;
    const clearPending = () => {
      pending = null;
      if (pendingTimer) clearTimeout(pendingTimer);
      pendingTimer = null;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.key === 'Process' || e.key === 'Unidentified') return;
      const chord = chordOf(e);
      if (!chord) return;
      const { contexts, keymap, paletteOpen, cheatSheetOpen } = useCommandStore.getState();
      const target = e.target;
      if (paletteOpen || cheatSheetOpen || (target instanceof Element && target.closest('dialog[open]'))) return clearPending();
      const editable = isEditable(target);
      if (editable) {
        if (chord === 'escape') {
          e.preventDefault();
          clearPending();
          focusRegion(target as Element);
          return;
        }
        if (belongsToField(chord)) return clearPending();
      } else if (isControl(target) && (chord === 'enter' || chord === 'space')) return clearPending();
      else if (chord === 'escape' && !inRegion(target)) {
        // Esc on the navigation, a chip or a toolbar button: back to the work, whatever the page.
        e.preventDefault();
        clearPending();
        focusRegion(null);
        return;
      }

      const key = pending ? `${pending} ${chord}` : chord;
      const wasSequence = pending !== null;
      clearPending();
      const shown = displayChord(key, IS_MAC);
      const cmd = resolve(key, contexts, keymap);
      if (cmd) {
        const plain = !chord.startsWith('mod+') && !chord.startsWith('alt+');
        if (cmd.when !== 'global' && plain && !inRegion(target)) {
          e.preventDefault();
          keyFeedback('outsideRegion', { key: shown });
          return;
        }
        const fn = handlers.get(cmd.id);
        e.preventDefault();
        if (fn) {
          clearKeyFeedback();
          fn();
        } else keyFeedback('unavailable', { key: shown, command: cmd.title });
        return;
      }
      if (!editable && startsSequence(key, contexts, keymap)) {
        e.preventDefault();
        pending = key;
        keyFeedback('sequence', { key: shown }, SEQUENCE_MS);
        pendingTimer = setTimeout(clearPending, SEQUENCE_MS);
        return;
      }
      if (wasSequence) {
        e.preventDefault();
        keyFeedback('unknown', { key: shown });
        return;
      }
      if (!editable && reportable(chord)) keyFeedback('unknown', { key: shown });
    };
    window.addEventListener('keydown', onKey);
    return () => {
      clearPending();
      window.removeEventListener('keydown', onKey);
    };
  }, []);
}

/** Several handlers at once (numbered commands); the set of ids must not change between renders. */
export function useCommands(entries: Record<string, () => void>): void {
  const ref = useRef(entries);
  useLayoutEffect(() => {
    ref.current = entries;
  });
  const ids = Object.keys(entries).join('|');
  useLayoutEffect(() => {
    const fns = ids.split('|').map((id) => {
      const fn = () => ref.current[id]?.();
      handlers.set(id, fn);
      return [id, fn] as const;
    });
    return () => {
      for (const [id, fn] of fns) if (handlers.get(id) === fn) handlers.delete(id);
    };
  }, [ids]);
}
