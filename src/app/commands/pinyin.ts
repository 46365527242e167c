/**
 * Pinyin spellings of Chinese command titles, so the palette finds 提交裁决 from "tijiao" or from
 * its initials "tjcj". The pinyin dictionary is large, so it is loaded (as its own chunk) the first
 * time the palette opens, and the palette matches titles and ids alone until it arrives.
 */
import { useEffect, useState } from 'react';

const CJK = /[\u3400-\u9fff]/;

/** "提交裁决" → ["tijiaocaijue", "tjcj"]; text without Chinese → []. */
export type PinyinFn = (text: string) => string[];

let loaded: Promise<PinyinFn> | null = null;

export function loadPinyin(): Promise<PinyinFn> {
  loaded ??= import('pinyin-pro').then(({ pinyin }) => (text: string): string[] => {
    if (!CJK.test(text)) return [];
    const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).map((s) => s.trim().toLowerCase());
    const full = syllables.join('');
    const initials = syllables.map((s) => s[0] ?? '').join('');
    return [full, initials];
  });
  return loaded;
}

/** Runs `fn` when the browser is next idle (after a short delay where there is no idle callback); returns a cancel. */
export function whenIdle(fn: () => void, timeout = 5_000): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(fn, 1_000);
    return () => clearTimeout(timer);
  }
  const idle = requestIdleCallback(fn, { timeout });
  return () => cancelIdleCallback(idle);
}

/**
 * The pinyin function once loaded (null before). The load starts when the browser is first idle
 * after mount, so the first Ctrl+K does not pay for parsing the dictionary, or at once when
 * `active` becomes true before that.
 */
export function usePinyin(active: boolean): PinyinFn | null {
  const [fn, setFn] = useState<PinyinFn | null>(null);
  const [wanted, setWanted] = useState(false);
  useEffect(() => {
    if (fn || wanted) return;
    if (active) {
      setWanted(true);
      return;
    }
    return whenIdle(() => setWanted(true));
  }, [active, fn, wanted]);
  useEffect(() => {
    if (!wanted || fn) return;
    let live = true;
    loadPinyin()
      .then((f) => live && setFn(() => f))
      .catch((e: unknown) => console.warn('pinyin search unavailable', e));
    return () => {
      live = false;
    };
  }, [wanted, fn]);
  return fn;
}
