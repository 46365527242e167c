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

/** The pinyin function once loaded (null before), starting the load when `active` first becomes true. */
export function usePinyin(active: boolean): PinyinFn | null {
  const [fn, setFn] = useState<PinyinFn | null>(null);
  useEffect(() => {
    if (!active || fn) return;
    let live = true;
    loadPinyin()
      .then((f) => live && setFn(() => f))
      .catch((e: unknown) => console.warn('pinyin search unavailable', e));
    return () => {
      live = false;
    };
  }, [active, fn]);
  return fn;
}
