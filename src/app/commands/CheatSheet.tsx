import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chordOf, displayChord } from './keymap';
import { COMMANDS, type CommandGroup } from './registry';
import { remap, resetKeymap, setCheatSheetOpen, useCheatSheetOpen, useCommand, useKeymap } from './runtime';

const GROUPS: readonly CommandGroup[] = ['general', 'queue', 'case', 'evidence', 'decision'];
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** `?`: every command with its current keys, grouped; built from the registry so it cannot drift. */
export function CheatSheet() {
  const { t } = useTranslation();
  const open = useCheatSheetOpen();
  const keymap = useKeymap();
  const ref = useRef<HTMLDialogElement>(null);
  // Remapping: the next key pressed while `capturing` is set becomes that command's key.
  const [capturing, setCapturing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useCommand('app.cheatSheet', () => setCheatSheetOpen(true));
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  // Numbered commands collapse into one line ("1–9").
  const rows = COMMANDS.filter((c) => c.n === undefined || c.n === 1);
  return (
    <dialog
      ref={ref}
      className="dialog cheatsheet"
      aria-labelledby="cheatsheet-title"
      onClose={() => {
        setCapturing(null);
        setCheatSheetOpen(false);
      }}
      onKeyDown={(e) => {
        if (!capturing) return;
        const chord = chordOf(e.nativeEvent);
        if (!chord) return;
        e.preventDefault();
        e.stopPropagation();
        if (chord !== 'escape') {
          const conflicts = remap(capturing, [chord]);
          setError(
            conflicts.length
              ? t('keys.conflict', {
                  key: displayChord(chord, IS_MAC),
                  with: conflicts
                    .flatMap((c) => c.ids)
                    .filter((id) => id !== capturing)
                    .join(', '),
                })
              : null,
          );
        }
        setCapturing(null);
      }}
      data-testid="cheatsheet"
    >
      <header className="dialog__head">
        <h2 id="cheatsheet-title">{t('keys.cheatSheetTitle')}</h2>
        <button
          type="button"
          className="button button--small"
          onClick={() => setCheatSheetOpen(false)}
          autoFocus
        >
          {t('keys.close')}
        </button>
      </header>
      <p className="cheatsheet__remap" role="status">
        {capturing ? t('keys.pressNewKey') : (error ?? t('keys.remapHint'))}
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            resetKeymap();
            setError(null);
          }}
        >
          {t('keys.reset')}
        </button>
      </p>
      <div className="cheatsheet__groups">
        {GROUPS.map((g) => (
          <section key={g} className="cheatsheet__group">
            <h3>{t(`keys.groups.${g}`)}</h3>
            <dl>
              {rows
                .filter((c) => c.group === g)
                .map((c) => {
                  const keys = keymap.get(c.id) ?? c.keys;
                  const label = c.n
                    ? displayChord(keys[0] ?? '', IS_MAC).replace(/1$/, '1–9')
                    : keys.map((k) => displayChord(k, IS_MAC)).join(' / ');
                  return (
                    <div key={c.id} className="cheatsheet__row">
                      <dt>
                        <kbd>{label}</kbd>
                      </dt>
                      <dd>
                        {t(`keys.commands.${c.title}`, { n: c.n ? '1–9' : '' })}
                        {c.n === undefined && (
                          <button
                            type="button"
                            className="cheatsheet__edit"
                            aria-pressed={capturing === c.id}
                            onClick={() => setCapturing(c.id)}
                          >
                            {t('keys.remap')}
                          </button>
                        )}
                      </dd>
                    </div>
                  );
                })}
            </dl>
          </section>
        ))}
      </div>
    </dialog>
  );
}
