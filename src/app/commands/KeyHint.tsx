import { hintChord, IS_MAC } from './keymap';
import { useKeymap } from './runtime';

/**
 * A command's key as a <kbd> hint beside the control it drives, read from the live keymap, so a
 * key remapped in Settings shows its new key here at once. The first chord, as the palette shows;
 * nothing when the command has no key.
 */
export function KeyHint({ command }: { command: string }) {
  const chord = useKeymap().get(command)?.[0];
  return chord ? <kbd>{hintChord(chord, IS_MAC)}</kbd> : null;
}

/**
 * A command's key as text, for sentences that name it ("按 D 进入裁决模式"): read from the live
 * keymap like KeyHint, so no sentence goes stale after a remap. '—' when the command has no key.
 */
export function useKeyLabel(command: string): string {
  const chord = useKeymap().get(command)?.[0];
  return chord ? hintChord(chord, IS_MAC) : '—';
}
