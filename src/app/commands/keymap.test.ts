import { describe, expect, it } from 'vitest';
import { buildKeymap, chordOf, displayChord, findConflicts, fuzzyScore, hintChord, resolve, startsSequence, type KeyLike } from './keymap';
import { COMMANDS } from './registry';

const key = (k: string, code = '', mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('chordOf', () => {
  it('normalises letters, digits by physical key, symbols and modifiers', () => {
    expect(chordOf(key('J', 'KeyJ'))).toBe('j');
    expect(chordOf(key('E', 'KeyE', { shiftKey: true }))).toBe('shift+e');
    expect(chordOf(key('!', 'Digit1', { shiftKey: true }))).toBe('shift+1');
    expect(chordOf(key('?', 'Slash', { shiftKey: true }))).toBe('?');
    expect(chordOf(key('k', 'KeyK', { metaKey: true }))).toBe('mod+k');
    expect(chordOf(key('Enter', 'Enter', { ctrlKey: true }))).toBe('mod+enter');
    expect(chordOf(key('ArrowDown', 'ArrowDown'))).toBe('arrowdown');
    expect(chordOf(key('Shift', 'ShiftLeft', { shiftKey: true }))).toBeNull();
  });
});

describe('the default keymap', () => {
  it('has no conflicts', () => {
    expect(findConflicts(buildKeymap({}))).toEqual([]);
  });
  it('detects a remap that collides, including with a global command', () => {
    const clash = findConflicts(buildKeymap({ 'decision.upheld': ['n'] }));
    expect(clash).toEqual([{ chord: 'n', context: 'case', ids: ['decision.upheld', 'decision.rejected'] }]);
    const global = findConflicts(buildKeymap({ 'queue.open': ['u'] }));
    expect(global.map((c) => c.ids.sort())).toEqual([['app.undo', 'queue.open']]);
  });
  it('resolves from the most specific context outwards', () => {
    const km = buildKeymap({});
    expect(resolve('1', ['decision', 'case', 'global'], km)?.id).toBe('decision.reason.1');
    expect(resolve('1', ['case', 'global'], km)?.id).toBe('case.finding.1');
    expect(resolve('j', ['decision', 'case', 'global'], km)?.id).toBe('case.next');
    expect(resolve('escape', ['decision', 'case', 'global'], km)?.id).toBe('decision.leave');
    expect(resolve('?', ['queue', 'global'], km)?.id).toBe('app.cheatSheet');
    expect(resolve('y', ['queue', 'global'], km)).toBeNull();
  });
  it('gives every command a key and a unique id, except the app commands run from the palette', () => {
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
    const keyless = COMMANDS.filter((c) => c.keys.length === 0).map((c) => c.id);
    expect(keyless).toEqual(['app.syncNow', 'app.takeBatch', 'app.language', 'app.theme', 'app.signOut']);
  });
  it('keeps one key per remedy in every kind, and sequences for going to a page', () => {
    const km = buildKeymap({});
    expect(resolve('shift+1', ['decision', 'case', 'global'], km)?.remedy).toBe('refund_buyer');
    expect(resolve('shift+0', ['decision', 'case', 'global'], km)?.remedy).toBe('no_action');
    expect(resolve('- shift+0', ['decision', 'case', 'global'], km)?.id).toBe('decision.remedyClear.10');
    expect(resolve('g s', ['queue', 'global'], km)?.id).toBe('nav.settings');
    expect(startsSequence('g', ['queue', 'global'], km)).toBe(true);
    expect(startsSequence('q', ['queue', 'global'], km)).toBe(false);
    expect(displayChord('g q', false)).toBe('G Q');
  });
  it('applies overrides', () => {
    const km = buildKeymap({ 'queue.next': ['s'] });
    expect(resolve('s', ['queue', 'global'], km)?.id).toBe('queue.next');
    expect(resolve('j', ['queue', 'global'], km)).toBeNull();
  });
});

describe('display and fuzzy search', () => {
  it('shows chords per platform', () => {
    expect(displayChord('mod+k', false)).toBe('Ctrl+K');
    expect(displayChord('mod+k', true)).toBe('⌘K');
    expect(displayChord('shift+e', false)).toBe('Shift+E');
  });
  it('writes hints beside controls with a compact Shift', () => {
    expect(hintChord('y', false)).toBe('Y');
    expect(hintChord('shift+1', false)).toBe('⇧1');
    expect(hintChord('shift+q', false)).toBe('⇧Q');
    expect(hintChord('mod+enter', false)).toBe('Ctrl+Enter');
    expect(hintChord('mod+shift+k', false)).toBe('Ctrl+⇧K');
    expect(hintChord('escape', false)).toBe('Esc');
    expect(hintChord('shift+e', true)).toBe('⇧E');
    expect(hintChord('mod+enter', true)).toBe('⌘Enter');
  });
  it('matches subsequences, prefers contiguous and word starts, rejects non-matches', () => {
    expect(fuzzyScore('', 'anything')).toBe(0);
    expect(fuzzyScore('xyz', 'commit decision')).toBeNull();
    expect(fuzzyScore('comm', 'commit decision')!).toBeGreaterThan(fuzzyScore('cmit', 'commit decision')!);
    expect(fuzzyScore('提交', '提交裁决')).not.toBeNull();
    expect(fuzzyScore('裁决', '进入裁决模式')).not.toBeNull();
  });
});
