import { useEffect } from 'react';
import { create } from 'zustand';

/**
 * One shared clock for every countdown on screen: a single interval instead of one per cell, and
 * each subscriber re-renders only when its own rounded value changes.
 */
const useClockStore = create<{ now: number }>(() => ({ now: Date.now() }));
let subscribers = 0;
let timer: ReturnType<typeof setInterval> | null = null;

function retain(): () => void {
  subscribers++;
  timer ??= setInterval(() => useClockStore.setState({ now: Date.now() }), 1000);
  return () => {
    subscribers--;
    if (subscribers === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The current time, rounded down to `granularityMs` so a cell showing minutes re-renders once a minute. */
export function useNow(granularityMs = 1000): number {
  useEffect(retain, []);
  return useClockStore((s) => Math.floor(s.now / granularityMs) * granularityMs);
}
