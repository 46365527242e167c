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
