/**
 * The command system at run time: which contexts are active, who handles each command, the
 * user's key overrides, and the one window keydown listener that ties them together.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { create } from 'zustand';
import { belongsToField, buildKeymap, chordOf, findConflicts, resolve, type Keymap } from './keymap';
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
    return !['checkbox', 'radio', 'button', 'submit'].includes(type);
  }
  return false;
}

/** The single keydown listener; mount once, where the workstation is shown. */
export function useKeyboardDispatcher(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const chord = chordOf(e);
      if (!chord) return;
      if (isEditable(e.target) && belongsToField(chord)) return;
      const { contexts, keymap, paletteOpen, cheatSheetOpen } = useCommandStore.getState();
      // Open dialogs own the keyboard (they handle Escape themselves).
      if (paletteOpen || cheatSheetOpen) return;
      const cmd = resolve(chord, contexts, keymap);
      if (!cmd) return;
      const fn = handlers.get(cmd.id);
      if (!fn) return;
      e.preventDefault();
      fn();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
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
