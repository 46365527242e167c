import './commands.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { displayChord, IS_MAC } from './keymap';
import { COMMAND_GROUPS, COMMANDS } from './registry';
import { setCheatSheetOpen, useCheatSheetOpen, useCommand, useKeymap } from './runtime';

/** `?`: every command with its current keys, grouped; built from the registry so it cannot drift. Keys are changed in Settings. */
export function CheatSheet() {
  const { t } = useTranslation();
  const open = useCheatSheetOpen();
  const keymap = useKeymap();
  const ref = useRef<HTMLDialogElement>(null);
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
      onClose={() => setCheatSheetOpen(false)}
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
      <p className="cheatsheet__remap">
        {t('keys.remapInSettings')}{' '}
        <a href="#/settings" onClick={() => setCheatSheetOpen(false)}>
          {t('keys.openSettings')}
        </a>
      </p>
      <div className="cheatsheet__groups">
        {COMMAND_GROUPS.map((g) => (
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
