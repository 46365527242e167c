import path from 'node:path';
import { screen, type BrowserWindow } from 'electron';
import { readJsonFile, writeJsonFileAtomic } from '../services/jsonFile';
import { fitWindowBounds, windowStateSchema, type Rect, type WindowState } from '../services/windowBounds';

const FILE = 'window-state.json';

/** Saved bounds fitted to the displays present now (see fitWindowBounds). */
export async function loadWindowState(dataDir: string): Promise<{ bounds: Rect; maximized: boolean }> {
  const raw = await readJsonFile(path.join(dataDir, FILE)).catch(() => undefined);
  const saved = windowStateSchema.safeParse(raw);
  const displays = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = fitWindowBounds(saved.success ? saved.data : null, displays, screen.getPrimaryDisplay().workArea);
  return { bounds, maximized: saved.success && saved.data.maximized };
}

/** Remember the normal (un-maximised) bounds on move/resize, debounced, and on close. */
export function trackWindowState(win: BrowserWindow, dataDir: string): void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const state: WindowState = { ...win.getNormalBounds(), maximized: win.isMaximized() };
    void writeJsonFileAtomic(path.join(dataDir, FILE), state).catch(() => undefined);
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    if (timer) clearTimeout(timer);
    save();
  });
}
