import './commands.css';
import { useTranslation } from 'react-i18next';
import { commandRows, displayChord, IS_MAC, rowKeys } from './keymap';
import { COMMAND_GROUPS } from './registry';
import { useModalDialog } from '../../ui/modalDialog';
import { setCheatSheetOpen, useCheatSheetOpen, useCommand, useKeymap } from './runtime';

/** `?`: every command with its current keys, grouped; built from the registry so it cannot drift. Keys are changed in Settings. */
export function CheatSheet() {
  const { t } = useTranslation();
  const open = useCheatSheetOpen();
  const keymap = useKeymap();
  const dialog = useModalDialog(open, setCheatSheetOpen);
  useCommand('app.cheatSheet', () => setCheatSheetOpen(true));
  // Numbered commands collapse into one line ("1 … 9"); palette-only commands have no key to show.
  const rows = commandRows().filter((r) => rowKeys(r, keymap, (k) => k).length > 0);
  return (
    <dialog
      ref={dialog.ref}
      className="dialog cheatsheet"
      aria-labelledby="cheatsheet-title"
      onCancel={dialog.onCancel}
      onClose={dialog.onClose}
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
                .filter((r) => r.def.group === g)
                .map((r) => (
                  <div key={r.def.id} className="cheatsheet__row">
                    <dt>
                      <kbd>{rowKeys(r, keymap, (k) => displayChord(k, IS_MAC)).join(' / ')}</kbd>
                    </dt>
                    <dd>
                      {t(`keys.commands.${r.def.title}`, { n: r.members.length > 1 ? 'N' : '' })}
                    </dd>
                  </div>
                ))}
            </dl>
          </section>
        ))}
      </div>
    </dialog>
  );
}
